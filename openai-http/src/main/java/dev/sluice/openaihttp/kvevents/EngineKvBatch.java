package dev.sluice.openaihttp.kvevents;

import java.util.List;
import java.util.OptionalInt;

/** One published batch: the engine's timestamp (seconds), its events in order, and its data-parallel rank if sent. */
record EngineKvBatch(double timestamp, List<EngineKvEvent> events, OptionalInt dataParallelRank) {
    EngineKvBatch {
        events = List.copyOf(events);
    }
}
