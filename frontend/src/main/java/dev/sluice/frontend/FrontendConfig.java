package dev.sluice.frontend;

/**
 * The HTTP frontend's settings: where it listens, the largest request body it reads, and how many requests may be in
 * flight before new ones are refused with 429.
 */
public record FrontendConfig(String host, int port, long maxBodyBytes, int maxInFlight) {
    public static final long DEFAULT_MAX_BODY_BYTES = 8L << 20;
    public static final int DEFAULT_MAX_IN_FLIGHT = 4096;

    public FrontendConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http-port " + port + " is outside [0, 65535]");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("max-body-bytes " + maxBodyBytes + " must be positive");
        }
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("max-in-flight " + maxInFlight + " must be positive");
        }
    }

    public static FrontendConfig of(String host, int port) {
        return new FrontendConfig(host, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IN_FLIGHT);
    }
}
