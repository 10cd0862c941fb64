package dev.sluice.llm;

import dev.sluice.kvrouter.KvIndexer;
import java.util.Map;

/** The counters of one KV router's index, read when metrics are scraped. */
public interface KvIndexCounters {
    /** KV events applied to the index. */
    long appliedEvents();

    /** KV event batches dropped because the index's queue was full. */
    long droppedBatches();

    /** Gaps seen in workers' KV event numbers. */
    default long eventGaps() {
        return 0;
    }

    /** Workers seen restarting (KV event numbers back to 0). */
    default long workerRestarts() {
        return 0;
    }

    /** Malformed KV events and batches skipped. */
    default long malformedEvents() {
        return 0;
    }

    /** Snapshots asked of workers whose view was degraded. */
    default long snapshotsRequested() {
        return 0;
    }

    /** Snapshots applied that made a degraded worker's view exact again. */
    default long snapshotsApplied() {
        return 0;
    }

    /** Per worker heard from, whether the index's view of it is exact or degraded. */
    default Map<Long, KvIndexer.WorkerState> workerStates() {
        return Map.of();
    }
}
