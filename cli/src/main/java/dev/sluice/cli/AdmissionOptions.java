package dev.sluice.cli;

import dev.sluice.llm.AdmissionSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Per-tier admission on committed KV, shared by {@code serve}, {@code frontend} and {@code simulate}: a decode tier
 * admits a request while the KV tokens its running sequences committed (prompt plus expected remaining output) stay
 * under the high-water mark; above it requests wait in a bounded FIFO queue, then get 429 with {@code Retry-After}.
 */
final class AdmissionOptions {
    @Option(
            names = "--admission-high-water",
            defaultValue = "0.9",
            paramLabel = "FRACTION",
            description = "Per decode tier: admit new requests while the KV tokens committed by its running sequences"
                    + " (prompt + max_tokens, or the predicted output under fit-predicted) stay under FRACTION of"
                    + " its live workers' KV capacity (blocks x block size); above it they queue. 0 turns admission"
                    + " off, as does --no-admission (default: ${DEFAULT-VALUE}).")
    double highWater;

    @Option(
            names = "--no-admission",
            description = "No per-tier admission: every request goes to its tier at once (same as"
                    + " --admission-high-water 0).")
    boolean noAdmission;

    @Option(
            names = "--queue-depth",
            defaultValue = "" + AdmissionSettings.DEFAULT_QUEUE_DEPTH,
            paramLabel = "N",
            description = "Per decode tier: requests that may wait for admission; one more is refused at once with"
                    + " HTTP 429 and Retry-After; 0 refuses at once whatever finds the tier past its mark"
                    + " (default: ${DEFAULT-VALUE}).")
    int queueDepth;

    @Option(
            names = "--queue-timeout",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "Per decode tier: how long a request waits for admission before it is refused with HTTP"
                    + " 429 and a Retry-After estimated from the tier's drain rate (KV tokens released per second)"
                    + " and the tokens ahead of it; 0 means no waiting (default: ${DEFAULT-VALUE}).")
    double queueTimeoutSeconds;

    AdmissionSettings settings() {
        if (queueTimeoutSeconds < 0 || !Double.isFinite(queueTimeoutSeconds)) {
            throw new IllegalArgumentException("--queue-timeout " + queueTimeoutSeconds + " must be >= 0 seconds");
        }
        Duration timeout = Duration.ofNanos((long) (queueTimeoutSeconds * 1e9));
        return new AdmissionSettings(noAdmission ? 0 : highWater, queueDepth, timeout);
    }
}
