package dev.sluice.runtime;

import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;

/**
 * A response stream ended without a finish: the worker died, the connection was lost or the producer failed. The
 * migration operator catches it and re-issues the request elsewhere.
 */
public final class StreamBrokenException extends SluiceException {
    public StreamBrokenException(String message, Throwable cause) {
        super(ErrorCode.WORKER_FAILED, message, null, cause);
    }

    public StreamBrokenException(String message) {
        this(message, null);
    }
}
