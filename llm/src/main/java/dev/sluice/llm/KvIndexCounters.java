package dev.sluice.llm;

/** The counters of one KV router's index, read when metrics are scraped. */
public interface KvIndexCounters {
    /** KV events applied to the index. */
    long appliedEvents();

    /** KV event batches dropped because the index's queue was full. */
    long droppedBatches();
}
