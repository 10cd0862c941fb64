package dev.sluice.protocol;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An unchecked failure that carries the {@link ErrorCode} a client sees and, when known, the offending parameter and
 * how long the client should wait before it retries (the HTTP {@code Retry-After}).
 */
public class SluiceException extends RuntimeException {
    private final ErrorCode code;
    private final String param;
    private final Duration retryAfter;

    public SluiceException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public SluiceException(ErrorCode code, String message, String param) {
        this(code, message, param, null);
    }

    public SluiceException(ErrorCode code, String message, String param, Throwable cause) {
        this(code, message, param, cause, null);
    }

    private SluiceException(ErrorCode code, String message, String param, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.param = param;
        this.retryAfter = retryAfter;
    }

    /** A refusal the client may retry after {@code retryAfter}. */
    public static SluiceException retryLater(ErrorCode code, String message, Duration retryAfter) {
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retry-after " + retryAfter + " is negative");
        }
        return new SluiceException(code, message, null, null, retryAfter);
    }

    public static SluiceException invalid(String param, String message) {
        return new SluiceException(ErrorCode.INVALID_REQUEST, message, param);
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /** How long the client should wait before it retries, when the refusal says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
