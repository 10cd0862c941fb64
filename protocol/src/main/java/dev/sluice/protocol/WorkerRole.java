package dev.sluice.protocol;

/** What a worker instance does in the pipeline. */
public enum WorkerRole {
    DECODE,
    PREFILL,
    AGGREGATED;

    public boolean decodes() {
        return this != PREFILL;
    }
}
