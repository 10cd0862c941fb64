package dev.sluice.protocol;

import java.util.Objects;
import java.util.Optional;

/** An unchecked failure that carries the {@link ErrorCode} a client sees and, when known, the offending parameter. */
public class SluiceException extends RuntimeException {
    private final ErrorCode code;
    private final String param;

    public SluiceException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public SluiceException(ErrorCode code, String message, String param) {
        this(code, message, param, null);
    }

    public SluiceException(ErrorCode code, String message, String param, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.param = param;
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
}
