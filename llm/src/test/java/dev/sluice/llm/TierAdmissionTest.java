package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Waker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TierAdmissionTest {
    private static final long SECOND = 1_000_000_000L;
    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicLong capacity = new AtomicLong(1000);
    private final Recorder metrics = new Recorder();

    /** Half of the 1000-token capacity: 500 tokens admissible. */
    private TierAdmission admission(int queueDepth) {
        return new TierAdmission(
                "m",
                64,
                new AdmissionSettings(0.5, queueDepth, Duration.ofSeconds(10)),
                capacity::get,
                scheduler,
                metrics);
    }

    private static TierAdmission.Ticket admitted(TierAdmission.Entry entry) {
        return entry.poll(Waker.NONE).orElseThrow(() -> new AssertionError("not admitted"));
    }

    @Test
    void admitsWhileTheCommittedTokensStayUnderTheMark() {
        TierAdmission a = admission(4);
        admitted(a.enter(200, false));
        admitted(a.enter(300, false));
        assertThat(a.committedTokens()).isEqualTo(500);
        assertThat(a.enter(1, false).poll(Waker.NONE)).isEmpty();
        assertThat(a.queueLength()).isEqualTo(1);
        assertThat(metrics.committed).hasValue(500);
        assertThat(metrics.capacity).hasValue(1000);
        assertThat(metrics.queued).hasValue(1);
    }

    @Test
    void queuedRequestsAreAdmittedInArrivalOrderAsSequencesEnd() {
        TierAdmission a = admission(4);
        TierAdmission.Ticket first = admitted(a.enter(400, false));
        List<String> woken = new ArrayList<>();
        TierAdmission.Entry b = a.enter(200, false);
        TierAdmission.Entry c = a.enter(350, false);
        TierAdmission.Entry d = a.enter(50, false); // would fit now, but does not overtake
        assertThat(b.poll(() -> woken.add("b"))).isEmpty();
        assertThat(c.poll(() -> woken.add("c"))).isEmpty();
        assertThat(d.poll(() -> woken.add("d"))).isEmpty();

        scheduler.advance(2 * SECOND);
        first.release();
        assertThat(woken).containsExactly("b");
        TierAdmission.Ticket second = admitted(b);
        assertThat(c.poll(() -> woken.add("c"))).isEmpty();
        assertThat(metrics.waits).containsExactly(2.0);

        second.release();
        assertThat(woken).containsExactly("b", "c", "d");
        admitted(c);
        admitted(d);
        assertThat(a.committedTokens()).isEqualTo(400);
        assertThat(a.queueLength()).isZero();
        first.release(); // twice: harmless
        assertThat(a.committedTokens()).isEqualTo(400);
    }

    @Test
    void aRequestNotAdmittedBeforeItsDeadlineIsRefusedWithARetryAfter() {
        TierAdmission a = admission(4);
        admitted(a.enter(500, false));
        AtomicInteger wakes = new AtomicInteger();
        TierAdmission.Entry late = a.enter(100, false);
        assertThat(late.poll(wakes::incrementAndGet)).isEmpty();
        scheduler.advance(9 * SECOND);
        assertThat(late.poll(wakes::incrementAndGet)).isEmpty();
        scheduler.advance(SECOND);
        assertThat(wakes).hasValue(1);
        assertThatThrownBy(() -> late.poll(Waker.NONE)).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.KV_CAPACITY_EXCEEDED);
            assertThat(e.code().httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).isPresent();
            assertThat(e.retryAfter().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(e.getMessage()).contains("64-token tier");
        });
        assertThat(a.queueLength()).isZero();
        assertThat(metrics.refusals).containsExactly("timeout");
        assertThat(metrics.waits).containsExactly(-10.0); // refused after waiting 10 s
    }

    @Test
    void theRetryAfterIsTheTokensAheadOverTheObservedDrainRate() {
        TierAdmission a = admission(1);
        for (int i = 0; i < 30; i++) { // 100 tokens released per second for 30 s
            a.enter(100, false).poll(Waker.NONE).orElseThrow().release();
            scheduler.advance(SECOND);
        }
        assertThat(a.drainRate()).isBetween(80.0, 120.0);
        admitted(a.enter(500, false));
        TierAdmission.Entry waiting = a.enter(200, false);
        assertThat(waiting.poll(Waker.NONE)).isEmpty();
        long full = retryAfterOfRefused(() -> a.enter(100, false), a);
        // 500 committed + 200 queued + 100 = 300 over the 500-token mark at ~90 tokens/s
        assertThat(full).isBetween(3L, 5L);
        scheduler.advance(10 * SECOND); // expires; the rate decays meanwhile (no releases)
        // 200 over the mark at ~90 × e^-2 tokens/s
        assertThat(retryAfter(waiting)).isBetween(13L, 20L);
    }

    private static long retryAfterOfRefused(Runnable attempt, TierAdmission a) {
        try {
            attempt.run();
        } catch (SluiceException e) {
            return e.retryAfter().orElseThrow().toSeconds();
        }
        throw new AssertionError("not refused");
    }

    private static long retryAfter(TierAdmission.Entry entry) {
        try {
            entry.poll(Waker.NONE);
        } catch (SluiceException e) {
            return e.retryAfter().orElseThrow().toSeconds();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        TierAdmission a = admission(1);
        admitted(a.enter(500, false));
        assertThat(a.enter(10, false).poll(Waker.NONE)).isEmpty();
        assertThatThrownBy(() -> a.enter(10, false)).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.KV_CAPACITY_EXCEEDED);
            assertThat(e.retryAfter().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        });
        assertThat(metrics.refusals).containsExactly("queue_full");
        assertThat(a.queueLength()).isEqualTo(1);
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndAnUntakenTicketIsGivenBack() {
        TierAdmission a = admission(4);
        TierAdmission.Ticket first = admitted(a.enter(500, false));
        TierAdmission.Entry gone = a.enter(300, false);
        TierAdmission.Entry next = a.enter(400, false);
        gone.cancel();
        assertThat(a.queueLength()).isEqualTo(1);
        first.release();
        // admitted, then cancelled before its reader took the ticket
        next.cancel();
        assertThat(a.committedTokens()).isZero();
        assertThat(a.queueLength()).isZero();
        assertThat(scheduler.pending()).isZero(); // no deadline left behind
    }

    @Test
    void aSequenceAdmittedBeforeIsNotHeldAtTheMark() {
        TierAdmission a = admission(0);
        admitted(a.enter(500, false));
        admitted(a.enter(300, true));
        assertThat(a.committedTokens()).isEqualTo(800);
    }

    @Test
    void aSequenceLargerThanTheMarkIsAdmittedWhenTheTierIsIdle() {
        TierAdmission a = admission(4);
        admitted(a.enter(900, false)).release();
        assertThat(a.committedTokens()).isZero();
    }

    @Test
    void offOrWithoutKnownCapacityEverythingIsAdmittedAndCounted() {
        TierAdmission off = new TierAdmission("m", 64, AdmissionSettings.OFF, capacity::get, scheduler, metrics);
        admitted(off.enter(900, false));
        admitted(off.enter(900, false));
        assertThat(off.committedTokens()).isEqualTo(1800);
        capacity.set(0);
        TierAdmission unknown = admission(0);
        admitted(unknown.enter(900, false));
        admitted(unknown.enter(900, false));
    }

    @Test
    void growingCapacityAdmitsTheQueueOnTheNextArrival() {
        TierAdmission a = admission(4);
        admitted(a.enter(500, false));
        TierAdmission.Entry waiting = a.enter(300, false);
        capacity.set(2000);
        assertThat(a.enter(100, false).poll(Waker.NONE)).isPresent();
        assertThat(waiting.poll(Waker.NONE)).isPresent();
    }

    static final class Recorder implements PipelineMetrics {
        final AtomicLong committed = new AtomicLong();
        final AtomicLong capacity = new AtomicLong();
        final AtomicInteger queued = new AtomicInteger();
        final List<Double> waits = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();

        @Override
        public void workerMigration(String model) {}

        @Override
        public void tierMigration(String model) {}

        @Override
        public void tierAdmission(String model, int tier, long committedTokens, long capacityTokens, int queue) {
            committed.set(committedTokens);
            capacity.set(capacityTokens);
            queued.set(queue);
        }

        @Override
        public void tierQueueWait(String model, int tier, double seconds, boolean admitted) {
            waits.add(admitted ? seconds : -seconds);
        }

        @Override
        public void tierRefused(String model, int tier, String reason) {
            refusals.add(reason);
        }
    }
}
