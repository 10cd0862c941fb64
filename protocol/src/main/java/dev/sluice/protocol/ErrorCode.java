package dev.sluice.protocol;

/**
 * Every failure a client can see, with the HTTP status and the OpenAI error {@code type} and {@code code} it maps to.
 * The frontend turns a {@link SluiceException} into an error body in exactly one place.
 */
public enum ErrorCode {
    INVALID_REQUEST(400, "invalid_request_error", "invalid_request"),
    INVALID_JSON(400, "invalid_request_error", "invalid_json"),
    TEMPLATE_ERROR(400, "invalid_request_error", "chat_template_error"),
    CONTEXT_LENGTH_EXCEEDED(400, "invalid_request_error", "context_length_exceeded"),
    MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found"),
    INVALID_API_KEY(401, "invalid_request_error", "invalid_api_key"),
    NOT_FOUND(404, "invalid_request_error", "not_found"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed"),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", "payload_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type"),
    RATE_LIMITED(429, "rate_limit_error", "too_many_requests"),
    /** A decode tier's committed KV is above its high-water mark and the request was not admitted in time. */
    KV_CAPACITY_EXCEEDED(429, "rate_limit_error", "kv_capacity_exceeded"),
    NO_WORKERS(503, "service_unavailable", "no_workers_available"),
    OVERLOADED(503, "service_unavailable", "overloaded"),
    WORKER_FAILED(502, "api_error", "worker_failed"),
    TIMEOUT(504, "timeout_error", "deadline_exceeded"),
    INTERNAL(500, "api_error", "internal_error");

    private final int httpStatus;
    private final String type;
    private final String code;

    ErrorCode(int httpStatus, String type, String code) {
        this.httpStatus = httpStatus;
        this.type = type;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The OpenAI error {@code type}. */
    public String type() {
        return type;
    }

    /** The OpenAI error {@code code}. */
    public String code() {
        return code;
    }
}
