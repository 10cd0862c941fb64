package dev.sluice.bench;

/**
 * What the load generator itself used during a run, for the report's self-check.
 *
 * @param client which client sent the requests (e.g. {@code netty}, or {@code simulate} for a simulator)
 * @param cpuNanos CPU time of the generator's process over the measured run (all threads, GC included)
 * @param delayedByConcurrencyLimit requests that waited for a free slot under the concurrency limit
 */
public record ClientUsage(String client, long cpuNanos, long delayedByConcurrencyLimit) {
    public ClientUsage {
        if (cpuNanos < 0) {
            throw new IllegalArgumentException("cpuNanos " + cpuNanos + " is negative");
        }
    }
}
