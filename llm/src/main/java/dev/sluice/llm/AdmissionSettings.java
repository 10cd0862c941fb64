package dev.sluice.llm;

import java.time.Duration;

/**
 * Per-tier admission on committed KV. A decode tier admits a new sequence while the KV tokens its running sequences
 * have committed (prompt plus expected remaining output) stay within {@code highWater} × its live workers' KV
 * capacity; above that, requests wait in a FIFO queue of at most {@code queueDepth} for at most {@code queueTimeout},
 * and are then refused with 429 and a {@code Retry-After}. {@code highWater} 0 turns admission off (tokens are still
 * counted for the metrics).
 */
public record AdmissionSettings(double highWater, int queueDepth, Duration queueTimeout) {
    public static final double DEFAULT_HIGH_WATER = 0.9;
    public static final int DEFAULT_QUEUE_DEPTH = 64;
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(10);

    /** No admission control: every request is admitted at once. */
    public static final AdmissionSettings OFF = new AdmissionSettings(0, 0, Duration.ZERO);

    public AdmissionSettings {
        if (!Double.isFinite(highWater) || highWater < 0) {
            throw new IllegalArgumentException(
                    "admission high-water " + highWater + " must be a fraction of KV capacity >= 0 (0 disables)");
        }
        if (queueDepth < 0) {
            throw new IllegalArgumentException("queue depth " + queueDepth + " is negative");
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("queue timeout " + queueTimeout + " is negative");
        }
    }

    public static AdmissionSettings defaults() {
        return new AdmissionSettings(DEFAULT_HIGH_WATER, DEFAULT_QUEUE_DEPTH, DEFAULT_QUEUE_TIMEOUT);
    }

    public boolean enabled() {
        return highWater > 0;
    }
}
