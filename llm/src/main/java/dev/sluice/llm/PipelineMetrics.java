package dev.sluice.llm;

/** Counters the pipeline reports to whoever exports metrics. */
public interface PipelineMetrics {
    /** A broken stream was re-issued to another worker. */
    void workerMigration(String model);

    /** A sequence moved to a longer decode tier. */
    void tierMigration(String model);

    PipelineMetrics NONE = new PipelineMetrics() {
        @Override
        public void workerMigration(String model) {}

        @Override
        public void tierMigration(String model) {}
    };
}
