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

    PipelineMetrics NONE = new PipelineMetrics() {
        @Override
        public void workerMigration(String model) {}

        @Override
        public void tierMigration(String model) {}
    };
}
