package dev.sluice.cli;

import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import dev.sluice.runtime.EventBus;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fault injection for chaos tests: an event bus that loses the KV events numbered {@code from} to {@code to}
 * (inclusive) published on {@code kvSubject}, as a lossy event plane would, and passes everything else through.
 * Set by the worker's hidden {@code --fault-drop-kv-events FROM-TO}; never for serving.
 */
final class KvEventDropper implements EventBus {
    private final EventBus bus;
    private final String kvSubject;
    private final long from;
    private final long to;

    KvEventDropper(EventBus bus, String kvSubject, long from, long to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("--fault-drop-kv-events " + from + "-" + to + " is not a range");
        }
        this.bus = bus;
        this.kvSubject = kvSubject;
        this.from = from;
        this.to = to;
    }

    /** Parses {@code FROM-TO}. */
    static KvEventDropper parse(EventBus bus, String kvSubject, String range) {
        String[] parts = range.split("-", 2);
        try {
            return new KvEventDropper(bus, kvSubject, Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--fault-drop-kv-events " + range + " is not FROM-TO", e);
        }
    }

    @Override
    public void publish(String subject, byte[] payload) {
        if (!subject.equals(kvSubject)) {
            bus.publish(subject, payload);
            return;
        }
        WorkerKvEvents batch = EventCodec.decodeKvEvents(payload);
        List<KvEvent> kept = batch.events().stream()
                .filter(e -> e.eventId() < from || e.eventId() > to)
                .toList();
        if (kept.size() == batch.events().size()) {
            bus.publish(subject, payload);
        } else if (!kept.isEmpty()) {
            bus.publish(subject, EventCodec.encode(new WorkerKvEvents(batch.workerId(), kept)));
        }
    }

    @Override
    public Subscription subscribe(String subject, Consumer<byte[]> handler) {
        return bus.subscribe(subject, handler);
    }

    @Override
    public Subscription onReconnect(Runnable callback) {
        return bus.onReconnect(callback);
    }

    @Override
    public void close() {
        // the wrapped bus is closed by its owner
    }
}
