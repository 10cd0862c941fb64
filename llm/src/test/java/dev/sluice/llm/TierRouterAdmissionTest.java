package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Poll;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.embedded.Embedded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Admission through the tier routers: tokens are committed per placement and never leak, however a sequence ends. */
@Timeout(10)
class TierRouterAdmissionTest {
    private static final int[] PROMPT = {1, 2, 3, 4};
    private final RequestPlane plane = Embedded.requestPlane();
    private final LiveWorkers live = new LiveWorkers();
    private final List<InstanceRecord> records = new ArrayList<>();
    private final Map<Integer, FakeWorker> byTier = new HashMap<>();
    private final Map<Integer, TierRouter> routers = new HashMap<>();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final AdmissionSettings settings = new AdmissionSettings(1.0, 4, Duration.ofSeconds(5));

    @AfterEach
    void close() {
        plane.close();
    }

    /** A tier of one worker with {@code blocks} KV blocks of 16 tokens. */
    private void tier(int seqlen, long id, int blocks) {
        FakeWorker w = new FakeWorker(seqlen, PROMPT.length);
        byTier.put(seqlen, w);
        plane.serve(id, w);
        records.add(new InstanceRecord(
                "ns",
                "backend",
                "generate",
                id,
                "local",
                new WorkerMetadata("m", WorkerRole.DECODE, seqlen, 64, 16, blocks, 8, 256)));
        live.update(records);
    }

    private DecodeDisaggregator disaggregator(TierPolicy policy) {
        return new DecodeDisaggregator(
                live,
                t -> routers.computeIfAbsent(
                        t,
                        s -> new TierRouter(
                                s,
                                live,
                                WorkerSelector.roundRobin(),
                                plane,
                                PipelineMetrics.NONE,
                                scheduler,
                                "m",
                                settings)),
                policy,
                64,
                () -> {});
    }

    private static PreprocessedRequest request(int maxTokens) {
        return PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(maxTokens));
    }

    private long committed(int tier) {
        return routers.get(tier).admission().committedTokens();
    }

    @Test
    void aSequenceCommitsPromptPlusExpectedOutputUntilItEnds() {
        tier(64, 1, 2);
        DecodeDisaggregator d = disaggregator(TierPolicy.FIT_TOTAL);
        ResponseStream<EngineOutput> s = d.generate(request(5), RequestContext.create("a"));
        assertThat(committed(64)).isEqualTo(9);
        s.next();
        assertThat(committed(64)).isEqualTo(9);
        s.toList();
        assertThat(committed(64)).isZero();
    }

    @Test
    void aFailedSequenceReleasesItsTokens() {
        tier(64, 1, 2);
        byTier.get(64).breakAfter = 2;
        DecodeDisaggregator d = disaggregator(TierPolicy.FIT_TOTAL);
        ResponseStream<EngineOutput> s = d.generate(request(20), RequestContext.create("a"));
        assertThat(committed(64)).isEqualTo(24);
        assertThatThrownBy(s::toList).isInstanceOf(StreamBrokenException.class);
        assertThat(committed(64)).isZero();
    }

    @Test
    void aSequenceThatMigratesReleasesTheShorterTierAndIsAdmittedOnTheLongerAtOnce() {
        tier(16, 1, 1);
        tier(64, 2, 1); // 16 tokens: the continuation (16 + 18) is past the mark, yet forced in
        DecodeDisaggregator d = disaggregator(TierPolicy.FIT_PROMPT);
        List<EngineOutput> outs =
                d.generate(request(30), RequestContext.create("a")).toList();
        assertThat(outs.stream().mapToInt(EngineOutput::tokenCount).sum()).isEqualTo(30);
        assertThat(committed(16)).isZero();
        assertThat(committed(64)).isZero();
    }

    @Test
    void aRequestAboveTheMarkWaitsAndIsAdmittedWhenTheTierDrains() {
        tier(64, 1, 2); // 32 tokens
        DecodeDisaggregator d = disaggregator(TierPolicy.FIT_TOTAL);
        ResponseStream<EngineOutput> first = d.generate(request(20), RequestContext.create("a")); // 24
        ResponseStream<EngineOutput> second = d.generate(request(10), RequestContext.create("b")); // 14: waits
        AtomicInteger wakes = new AtomicInteger();
        assertThat(second.poll(wakes::incrementAndGet)).isInstanceOf(Poll.Pending.class);
        assertThat(routers.get(64).admission().queueLength()).isEqualTo(1);
        assertThat(byTier.get(64).received).hasSize(1);
        first.toList();
        assertThat(wakes).hasValue(1);
        assertThat(committed(64)).isEqualTo(14);
        assertThat(second.toList().stream().mapToInt(EngineOutput::tokenCount).sum())
                .isEqualTo(10);
        assertThat(committed(64)).isZero();
    }

    @Test
    void aWaitingRequestThatIsClosedLeavesTheQueue() {
        tier(64, 1, 2);
        DecodeDisaggregator d = disaggregator(TierPolicy.FIT_TOTAL);
        ResponseStream<EngineOutput> first = d.generate(request(20), RequestContext.create("a"));
        ResponseStream<EngineOutput> second = d.generate(request(10), RequestContext.create("b"));
        assertThat(second.poll(() -> {})).isInstanceOf(Poll.Pending.class);
        second.close();
        assertThat(routers.get(64).admission().queueLength()).isZero();
        first.close();
        assertThat(committed(64)).isZero();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aWaitPastTheTimeoutIsRefusedWith429AndARetryAfter() {
        tier(64, 1, 2);
        DecodeDisaggregator d = disaggregator(TierPolicy.FIT_TOTAL);
        ResponseStream<EngineOutput> first = d.generate(request(20), RequestContext.create("a"));
        ResponseStream<EngineOutput> second = d.generate(request(10), RequestContext.create("b"));
        assertThat(second.poll(() -> {})).isInstanceOf(Poll.Pending.class);
        scheduler.advance(Duration.ofSeconds(5).toNanos());
        assertThatThrownBy(() -> second.poll(() -> {})).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.KV_CAPACITY_EXCEEDED);
            assertThat(e.retryAfter()).isPresent();
        });
        second.close();
        first.close();
        assertThat(committed(64)).isZero();
        assertThat(byTier.get(64).received).hasSize(1);
    }
}
