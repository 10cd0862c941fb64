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

    PipelineMetrics NONE = new PipelineMetrics() {
        @Override
        public void workerMigration(String model) {}

        @Override
        public void tierMigration(String model) {}
    };
}
