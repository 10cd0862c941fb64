package dev.sluice.protocol;

import java.util.List;

/** A batch of KV events from one worker, as published on the event plane. */
public record WorkerKvEvents(long workerId, List<KvEvent> events) {
    public WorkerKvEvents {
        events = List.copyOf(events);
    }
}
