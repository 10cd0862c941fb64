package dev.sluice.kvrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A router's view of a worker knows when it missed events, asks for a snapshot, and trusts the view less meanwhile. */
@Timeout(10)
class KvIndexStalenessTest {
    static final int BS = 4;
    static final long W = 7;

    /** The Stored events, one block each numbered from {@code firstId}, of a worker caching {@code tokens}. */
    static List<KvEvent> stored(int[] tokens, long firstId) {
        long[] local = BlockHashes.localHashes(tokens, BS);
        long[] seq = BlockHashes.sequenceHashes(local);
        List<KvEvent> out = new ArrayList<>();
        for (int i = 0; i < seq.length; i++) {
            out.add(new KvEvent.Stored(
                    firstId + i,
                    i == 0 ? OptionalLong.empty() : OptionalLong.of(seq[i - 1]),
                    List.of(new KvEvent.StoredBlock(seq[i], local[i]))));
        }
        return out;
    }

    static WorkerKvEvents batch(List<KvEvent> events) {
        return new WorkerKvEvents(W, events);
    }

    /** An inline router with worker {@link #W} and a rival worker 8 that holds nothing. */
    static final class Fixture implements AutoCloseable {
        final List<Long> asked = new ArrayList<>();
        final KvRouter router = new KvRouter(
                "t",
                KvRouterConfig.defaults(BS),
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                new SplittableRandom(1),
                true);

        Fixture() {
            router.requestSnapshotsWith(asked::add);
            router.start();
        }

        RoutingDecision place(String id, int[] tokens) {
            RoutingDecision d = router.tryPlace(id, tokens, List.of(W, 8L)).orElseThrow();
            router.free(id);
            return d;
        }

        KvIndexer.WorkerState state() {
            return router.workerStates().get(W);
        }

        @Override
        public void close() {
            router.close();
        }
    }

    @Test
    void eventsInSequenceKeepTheWorkerHealthyAndExact() {
        try (Fixture f = new Fixture()) {
            f.router.onEvents(batch(stored(KvRouterTest.tokens(40, 0), 0)));
            f.router.onEvents(batch(stored(KvRouterTest.tokens(8, 900), 10)));
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.HEALTHY);
            assertThat(f.asked).isEmpty();
            assertThat(f.router.eventGaps()).isZero();
            assertThat(f.place("a", KvRouterTest.tokens(40, 0)).overlapBlocks()).isEqualTo(10);
        }
    }

    @Test
    void aGapAsksForASnapshotAndDiscountsTheWorkerUntilItIsApplied() {
        try (Fixture f = new Fixture()) {
            int[] prompt = KvRouterTest.tokens(40, 0);
            List<KvEvent> all = stored(prompt, 0);
            f.router.onEvents(batch(all.subList(0, 4)));
            // events 4 and 5 are lost; 6.. arrive
            f.router.onEvents(batch(all.subList(6, 10)));
            assertThat(f.router.eventGaps()).isEqualTo(1);
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.DEGRADED);
            assertThat(f.asked).containsExactly(W);
            RoutingDecision degraded = f.place("a", prompt);
            assertThat(degraded.worker()).as("discounted, not dropped").isEqualTo(W);
            assertThat(degraded.overlapBlocks())
                    .as("4 blocks on the path from the root, times %s", KvRouter.DEGRADED_OVERLAP_FACTOR)
                    .isEqualTo((int) (4 * KvRouter.DEGRADED_OVERLAP_FACTOR));
            // more events while degraded do not ask again within the retry interval
            f.router.onEvents(batch(stored(KvRouterTest.tokens(8, 900), 10)));
            assertThat(f.asked).hasSize(1);

            // the snapshot: Cleared, then every cached block, numbered on
            List<KvEvent> snapshot = new ArrayList<>();
            snapshot.add(new KvEvent.Cleared(12));
            snapshot.addAll(stored(prompt, 13));
            f.router.onEvents(batch(snapshot));
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.HEALTHY);
            assertThat(f.router.snapshotsApplied()).isEqualTo(1);
            assertThat(f.place("b", prompt).overlapBlocks()).as("exact again").isEqualTo(10);
            assertThat(f.place("c", KvRouterTest.tokens(8, 900)).overlapBlocks())
                    .as("what the snapshot did not hold is gone")
                    .isZero();

            // events numbered before the snapshot's end are ignored; the ones after apply on top of it
            f.router.onEvents(batch(stored(KvRouterTest.tokens(8, 900), 5)));
            assertThat(f.router.staleEvents()).isEqualTo(2);
            f.router.onEvents(batch(stored(KvRouterTest.tokens(8, 900), 23)));
            assertThat(f.place("d", KvRouterTest.tokens(8, 900)).overlapBlocks())
                    .isEqualTo(2);
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.HEALTHY);
        }
    }

    @Test
    void aDegradedWorkerIsAskedAgainAfterTheRetryInterval() {
        Instant[] now = {Instant.EPOCH};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        List<Long> asked = new ArrayList<>();
        try (KvRouter r = new KvRouter("t", KvRouterConfig.defaults(BS), clock, new SplittableRandom(1), true)) {
            r.requestSnapshotsWith(asked::add);
            r.onEvents(batch(stored(KvRouterTest.tokens(8, 0), 5))); // first event not 0: missed the start
            assertThat(asked).containsExactly(W);
            now[0] = now[0].plus(KvRouter.SNAPSHOT_RETRY);
            r.onEvents(batch(stored(KvRouterTest.tokens(8, 100), 7)));
            assertThat(asked).containsExactly(W, W);
            assertThat(r.snapshotsRequested()).isEqualTo(2);
        }
    }

    @Test
    void aWorkerDegradedAgainAfterItsSnapshotIsAskedAtOnce() {
        try (Fixture f = new Fixture()) {
            f.router.onEvents(batch(stored(KvRouterTest.tokens(8, 0), 3)));
            f.router.onEvents(batch(List.of(new KvEvent.Cleared(4))));
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.HEALTHY);
            f.router.onEvents(batch(stored(KvRouterTest.tokens(8, 0), 9))); // same instant: no retry interval
            assertThat(f.asked).containsExactly(W, W);
        }
    }

    @Test
    void aRestartForgetsWhatTheWorkerCachedBeforeAndAsksForASnapshot() {
        try (Fixture f = new Fixture()) {
            f.router.onEvents(batch(stored(KvRouterTest.tokens(40, 0), 0)));
            f.router.onEvents(batch(stored(KvRouterTest.tokens(8, 900), 0))); // numbers back to 0
            assertThat(f.router.workerRestarts()).isEqualTo(1);
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.DEGRADED);
            assertThat(f.asked).containsExactly(W);
            assertThat(f.place("a", KvRouterTest.tokens(40, 0)).overlapBlocks())
                    .as("the blocks of the worker's previous life are gone")
                    .isZero();
            f.router.onEvents(batch(List.of(new KvEvent.Cleared(2))));
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.HEALTHY);
        }
    }

    @Test
    void aMalformedEventIsCountedSkippedAndDegradesTheWorker() {
        try (Fixture f = new Fixture()) {
            List<KvEvent> events = new ArrayList<>(stored(KvRouterTest.tokens(8, 0), 0));
            events.add(new KvEvent.Stored(2, OptionalLong.empty(), List.of()));
            f.router.onEvents(batch(events));
            assertThat(f.router.malformedEvents()).isEqualTo(1);
            assertThat(f.router.indexedEvents()).isEqualTo(2);
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.DEGRADED);
            assertThat(f.asked).containsExactly(W);
        }
    }

    @Test
    void aBatchThatDoesNotParseIsCountedSkippedAndDegradesTheWorkerItNames() {
        try (Fixture f = new Fixture()) {
            f.router.onEncodedEvents(EventCodec.encode(batch(stored(KvRouterTest.tokens(8, 0), 0))));
            byte[] next = EventCodec.encode(batch(stored(KvRouterTest.tokens(8, 100), 2)));
            f.router.onEncodedEvents(Arrays.copyOf(next, next.length - 3));
            assertThat(f.router.malformedEvents()).isEqualTo(1);
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.DEGRADED);
            assertThat(f.asked).containsExactly(W);
            f.router.onEncodedEvents(new byte[] {1, 2, 3});
            assertThat(f.router.malformedEvents()).isEqualTo(2);
            assertThat(f.router.workerStates()).containsOnlyKeys(W);
        }
    }

    @Test
    void aMalformedSnapshotLeavesTheWorkerDegraded() {
        try (Fixture f = new Fixture()) {
            f.router.onEvents(batch(stored(KvRouterTest.tokens(8, 0), 3)));
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.DEGRADED);
            List<KvEvent> snapshot = new ArrayList<>();
            snapshot.add(new KvEvent.Cleared(5));
            snapshot.add(new KvEvent.Stored(6, OptionalLong.empty(), List.of()));
            f.router.onEvents(batch(snapshot));
            assertThat(f.router.malformedEvents()).isEqualTo(1);
            assertThat(f.state()).isEqualTo(KvIndexer.WorkerState.DEGRADED);
        }
    }
}
