package dev.sluice.kvrouter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two router replicas over the same workers, before any KV event arrives. */
@Timeout(10)
class ReplicaSyncTest {
    private static int sameWorker(boolean sync) throws Exception {
        int same = 0;
        for (int i = 0; i < 20; i++) {
            try (KvRouter a =
                            new KvRouter("a", KvRouterConfig.defaults(4), Clock.systemUTC(), new SplittableRandom(i));
                    KvRouter b = new KvRouter(
                            "b", KvRouterConfig.defaults(4), Clock.systemUTC(), new SplittableRandom(i + 100))) {
                if (sync) {
                    a.shareWith(b::applyRemote);
                    b.shareWith(a::applyRemote);
                }
                int[] prefix = KvRouterTest.tokens(64, i * 1000);
                long first = a.tryPlace("r1", prefix, List.of(1L, 2L, 3L, 4L))
                        .orElseThrow()
                        .worker();
                long second = b.tryPlace("r2", prefix, List.of(1L, 2L, 3L, 4L))
                        .orElseThrow()
                        .worker();
                if (first == second) {
                    same++;
                }
            }
        }
        return same;
    }

    @Test
    void aSyncedReplicaSeesTheLoadTheOtherJustPlaced() throws Exception {
        // With sync, the second router knows the first worker is busy prefilling and never piles onto it; without
        // sync it sees four idle workers and sometimes picks the same one.
        assertThat(sameWorker(true)).isZero();
        assertThat(sameWorker(false)).isPositive();
    }

    @Test
    void freesFromAReplicaReleaseItsLoad() throws Exception {
        try (KvRouter a = new KvRouter("a", KvRouterConfig.defaults(4), Clock.systemUTC(), new SplittableRandom(1));
                KvRouter b =
                        new KvRouter("b", KvRouterConfig.defaults(4), Clock.systemUTC(), new SplittableRandom(2))) {
            a.shareWith(b::applyRemote);
            a.tryPlace("x", KvRouterTest.tokens(40, 0), List.of(1L));
            RoutingDecision loaded = b.tryPlace("probe", KvRouterTest.tokens(8, 5000), List.of(1L))
                    .orElseThrow();
            b.free("probe");
            a.free("x");
            RoutingDecision idle = b.tryPlace("probe2", KvRouterTest.tokens(8, 5000), List.of(1L))
                    .orElseThrow();
            assertThat(loaded.costs().get(1L)).isGreaterThan(idle.costs().get(1L));
        }
    }
}
