package dev.sluice.openaihttp.kvevents;

import java.util.List;
import java.util.Optional;

/**
 * Puts one publisher's batches in order by their sequence numbers (from 0, one per batch). A gap is filled from the
 * engine's replay socket when there is one, else counted as lost; sequence numbers that go back mean the engine
 * restarted, so what it had cached is forgotten before its new batches apply. A sequencer that joins a running engine
 * replays from 0 to learn what was cached before it came. Owned by its subscriber's thread.
 */
final class BatchSequencer {
    /** One batch as the engine numbered it. */
    record Sequenced(long seq, byte[] payload) {}

    /** The engine's buffered batches from {@code start} on, in order; empty when it cannot be reached. */
    @FunctionalInterface
    interface Replay {
        List<Sequenced> from(long start);
    }

    /** Where ordered batches go. */
    interface Sink {
        void apply(byte[] payload);

        /** The engine restarted: forget its blocks. */
        void restarted();
    }

    private final Optional<Replay> replay;
    private final Sink sink;
    private final KvEventCounters counters;
    private final String endpoint;
    private long expected = -1;
    /** Live batches in [replayedFrom, expected) were already applied by a replay that ran ahead of them. */
    private long replayedFrom = Long.MAX_VALUE;

    BatchSequencer(Optional<Replay> replay, Sink sink, KvEventCounters counters, String endpoint) {
        this.replay = replay;
        this.sink = sink;
        this.counters = counters;
        this.endpoint = endpoint;
    }

    void onLive(long seq, byte[] payload) {
        boolean joining = expected < 0;
        if (seq >= replayedFrom && seq < expected) {
            return; // a live copy of a batch the replay returned
        }
        replayedFrom = Long.MAX_VALUE;
        if (!joining && seq < expected) {
            counters.restart(endpoint);
            sink.restarted();
            expected = 0;
        }
        if (joining) {
            expected = replay.isPresent() ? 0 : seq;
        }
        if (seq > expected) {
            replay.ifPresent(r -> fill(r, joining));
            replayedFrom = seq + 1;
            if (seq > expected) {
                if (!joining) {
                    counters.lost(
                            seq - expected,
                            "missed KV event batches " + expected + ".." + (seq - 1) + " from " + endpoint
                                    + (replay.isPresent() ? " and the replay did not return them" : ""));
                }
                expected = seq;
            }
        }
        if (seq == expected) {
            apply(payload);
        }
    }

    private void fill(Replay r, boolean joining) {
        counters.replay();
        for (Sequenced b : r.from(expected)) {
            if (b.seq() < expected) {
                continue;
            }
            if (b.seq() > expected && !joining) {
                counters.lost(
                        b.seq() - expected,
                        "the engine at " + endpoint + " no longer buffers KV event batches " + expected + ".."
                                + (b.seq() - 1));
            }
            expected = b.seq();
            apply(b.payload());
        }
    }

    private void apply(byte[] payload) {
        expected++;
        counters.batch();
        sink.apply(payload);
    }

    /** The next sequence number expected; -1 before the first batch. */
    long expected() {
        return expected;
    }
}
