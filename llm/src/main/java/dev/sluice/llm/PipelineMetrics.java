package dev.sluice.llm;

/** Counters the pipeline reports to whoever exports metrics. */
public interface PipelineMetrics {
    /** A broken stream was re-issued to another worker. */
    void workerMigration(String model);

    /** A sequence moved to a longer decode tier. */
    void tierMigration(String model);

    /** A part of a sequence was placed on a worker of a tier (and ends later). */
    default void tierPlaced(String model, int tier) {}

    default void tierEnded(String model, int tier) {}

    /**
     * A KV router of {@code model} started ({@code router} names it: {@code decode-<tier>} or {@code prefill}); its
     * counters may be read until {@link #kvRouterClosed}.
     */
    default void kvRouterOpened(String model, String router, KvIndexCounters counters) {}

    /** The KV router given to {@link #kvRouterOpened} closed; its counters hold their final values. */
    default void kvRouterClosed(String model, String router, KvIndexCounters counters) {}

    /**
     * A decode tier's admission state changed: the KV tokens its running sequences committed, its live workers' KV
     * capacity in tokens, and the requests waiting to be admitted.
     */
    default void tierAdmission(String model, int tier, long committedTokens, long capacityTokens, int queued) {}

    /** A request waited {@code seconds} in a tier's admission queue, then was admitted or refused (timed out). */
    default void tierQueueWait(String model, int tier, double seconds, boolean admitted) {}

    /** A tier refused a request: {@code reason} is {@code queue_full} or {@code timeout}. */
    default void tierRefused(String model, int tier, String reason) {}

    PipelineMetrics NONE = new PipelineMetrics() {
        @Override
        public void workerMigration(String model) {}

        @Override
        public void tierMigration(String model) {}
    };
}
