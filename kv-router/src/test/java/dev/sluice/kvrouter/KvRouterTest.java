package dev.sluice.kvrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import dev.sluice.protocol.WorkerLoad;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KvRouterTest {
    static final int BS = 4;

    static int[] tokens(int n, int base) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = base + i;
        }
        return t;
    }

    /** The KV events a worker would publish after caching {@code tokens}. */
    static WorkerKvEvents cached(long worker, int[] tokens) {
        long[] local = BlockHashes.localHashes(tokens, BS);
        long[] seq = BlockHashes.sequenceHashes(local);
        List<KvEvent.StoredBlock> blocks = new ArrayList<>();
        for (int i = 0; i < seq.length; i++) {
            blocks.add(new KvEvent.StoredBlock(seq[i], local[i]));
        }
        return new WorkerKvEvents(worker, List.of(new KvEvent.Stored(0, OptionalLong.empty(), blocks)));
    }

    static KvRouter router(KvRouterConfig config) {
        return new KvRouter("t", config, Clock.systemUTC(), new SplittableRandom(1));
    }

    @Test
    void routesToTheWorkerHoldingThePrefixAndReportsTheOverlap() throws Exception {
        try (KvRouter r = router(KvRouterConfig.defaults(BS))) {
            r.start();
            r.onEvents(cached(2, tokens(40, 0)));
            r.awaitIndexed();
            RoutingDecision d =
                    r.tryPlace("a", tokens(42, 0), List.of(1L, 2L, 3L)).orElseThrow();
            assertThat(d.worker()).isEqualTo(2);
            assertThat(d.overlapBlocks()).isEqualTo(10);
        }
    }

    @Test
    void costMatchesTheHandComputation() throws Exception {
        try (KvRouter r = router(KvRouterConfig.defaults(BS).withWeights(2.0, 0))) {
            r.start();
            r.onEvents(cached(1, tokens(8, 0)));
            r.awaitIndexed();
            // Worker 2 already runs a 6-token request (2 blocks: one full, one partial), 6 prefill tokens pending.
            r.tryPlace("busy", tokens(6, 500), List.of(2L));
            RoutingDecision d = r.tryPlace("x", tokens(10, 0), List.of(1L, 2L)).orElseThrow();
            // worker 1: prefill = 0 + max(10 - 2*4, 0) = 2; decode = 0 + 3 blocks -> 2*2/4 + 3 = 4.0
            // worker 2: prefill = 6 + 10 = 16; decode = 2 + 3 -> 2*16/4 + 5 = 13.0
            assertThat(d.costs()).containsEntry(1L, 4.0).containsEntry(2L, 13.0);
            assertThat(d.worker()).isEqualTo(1);
            r.prefillDone("busy");
            r.free("x");
            RoutingDecision again = r.tryPlace("y", tokens(10, 0), List.of(2L)).orElseThrow();
            // worker 2 after prefill done: prefill = 0 + 10; decode = 2 + 3 -> 2*10/4 + 5 = 10.0
            assertThat(again.costs()).containsEntry(2L, 10.0);
        }
    }

    @Test
    void tiesGoToTheSmallerCachedTreeThenAtRandom() throws Exception {
        try (KvRouter r = router(KvRouterConfig.defaults(BS).withWeights(0, 0))) {
            r.start();
            r.onEvents(cached(1, tokens(4, 0)));
            r.onEvents(cached(2, tokens(40, 0)));
            r.awaitIndexed();
            RoutingDecision d = r.tryPlace("a", tokens(4, 0), List.of(1L, 2L)).orElseThrow();
            assertThat(d.worker()).isEqualTo(1);
            r.free("a");
            List<Long> picks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                picks.add(r.tryPlace("b" + i, tokens(4, 9000), List.of(5L, 6L))
                        .orElseThrow()
                        .worker());
                r.free("b" + i);
            }
            assertThat(picks).contains(5L, 6L);
        }
    }

    @Test
    void busyWorkersAreSkippedAndAFullQueueIsRefused() throws Exception {
        KvRouterConfig c =
                new KvRouterConfig(BS, 1, 0, 2, 0.9, 0, Duration.ofMillis(50), true, Duration.ofSeconds(1), 100);
        try (KvRouter r = router(c)) {
            r.start();
            r.onLoad(new WorkerLoad(1, 5, 3, 10, 100, 0));
            assertThat(r.tryPlace("a", tokens(8, 0), List.of(1L, 2L))
                            .orElseThrow()
                            .worker())
                    .isEqualTo(2);
            r.onLoad(new WorkerLoad(2, 5, 0, 95, 100, 0));
            assertThat(r.tryPlace("b", tokens(8, 0), List.of(1L, 2L))).isEmpty();
        }
    }

    @Test
    void aCallerWaitingForCapacityIsWokenOnceAWorkerReportsItselfFreeAndTheListIsBounded() throws Exception {
        KvRouterConfig c =
                new KvRouterConfig(BS, 1, 0, 2, 0.9, 2, Duration.ofSeconds(1), true, Duration.ofSeconds(1), 100);
        try (KvRouter r = router(c)) {
            r.onLoad(new WorkerLoad(1, 5, 3, 10, 100, 0));
            assertThat(r.tryPlace("a", tokens(8, 0), List.of(1L))).isEmpty();
            java.util.concurrent.atomic.AtomicInteger woken = new java.util.concurrent.atomic.AtomicInteger();
            Runnable first = woken::incrementAndGet;
            Runnable second = woken::incrementAndGet;
            assertThat(r.awaitCapacity(first)).isTrue();
            assertThat(r.awaitCapacity(first)).as("one place per caller").isTrue();
            assertThat(r.awaitCapacity(second)).isTrue();
            assertThat(r.awaitCapacity(() -> {}))
                    .as("the list holds maxQueued callers")
                    .isFalse();
            r.onLoad(new WorkerLoad(1, 5, 4, 10, 100, 0));
            assertThat(woken).as("still busy: nobody woken").hasValue(0);
            r.stopWaiting(second);
            r.onLoad(new WorkerLoad(1, 5, 1, 10, 100, 0));
            assertThat(woken).hasValue(1);
            assertThat(r.waitingCount()).isZero();
            assertThat(r.tryPlace("a", tokens(8, 0), List.of(1L))).isPresent();
        }
    }

    @Test
    void approximateModePredictsFromItsOwnDecisionsAndForgetsAfterTheTtl() throws Exception {
        MutableClock clock = new MutableClock();
        try (KvRouter r =
                new KvRouter("t", KvRouterConfig.defaults(BS).withKvEvents(false), clock, new SplittableRandom(3))) {
            long first = r.tryPlace("a", tokens(40, 0), List.of(1L, 2L, 3L))
                    .orElseThrow()
                    .worker();
            r.free("a");
            RoutingDecision again =
                    r.tryPlace("b", tokens(40, 0), List.of(1L, 2L, 3L)).orElseThrow();
            assertThat(again.worker()).isEqualTo(first);
            assertThat(again.overlapBlocks()).isEqualTo(10);
            r.free("b");
            clock.advance(Duration.ofSeconds(121));
            assertThat(r.tryPlace("c", tokens(40, 0), List.of(1L, 2L, 3L))
                            .orElseThrow()
                            .overlapBlocks())
                    .isZero();
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

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
            return now;
        }
    }
}
