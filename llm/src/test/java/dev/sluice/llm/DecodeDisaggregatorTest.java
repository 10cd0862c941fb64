package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.embedded.Embedded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DecodeDisaggregatorTest {
    private static final int[] PROMPT = {1, 2, 3, 4};
    private final RequestPlane plane = Embedded.requestPlane();
    private final LiveWorkers live = new LiveWorkers();
    private final Map<Integer, FakeWorker> byTier = new HashMap<>();
    private final List<InstanceRecord> records = new ArrayList<>();
    private final AtomicInteger tierMigrations = new AtomicInteger();

    @AfterEach
    void close() {
        plane.close();
    }

    private void tier(int seqlen, long id) {
        FakeWorker w = new FakeWorker(seqlen, PROMPT.length);
        byTier.put(seqlen, w);
        plane.serve(id, w);
        records.add(new InstanceRecord(
                "ns",
                "backend",
                "generate",
                id,
                "local",
                new WorkerMetadata("m", WorkerRole.DECODE, seqlen, 64, 16, 100, 8, 256)));
        live.update(records);
    }

    private DecodeDisaggregator disaggregator(TierPolicy policy) {
        Map<Integer, TierRouter> routers = new HashMap<>();
        return new DecodeDisaggregator(
                live,
                t -> routers.computeIfAbsent(t, s -> new TierRouter(s, live, WorkerSelector.roundRobin(), plane)),
                policy,
                64,
                tierMigrations::incrementAndGet);
    }

    private static int[] tokens(List<EngineOutput> outs) {
        return outs.stream().flatMapToInt(o -> Arrays.stream(o.tokenIds())).toArray();
    }

    @Test
    void fitTotalPicksTheSmallestTierThatHoldsPromptAndCompletion() {
        tier(16, 1);
        tier(64, 2);
        DecodeDisaggregator d = disaggregator(TierPolicy.FIT_TOTAL);
        assertThat(d.chooseTier(PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(12))))
                .isEqualTo(16);
        assertThat(d.chooseTier(PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(13))))
                .isEqualTo(64);
        assertThat(disaggregator(TierPolicy.FIT_PROMPT)
                        .chooseTier(PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(40))))
                .isEqualTo(16);
    }

    @Test
    void aSequenceThatReachesItsTierLimitContinuesOnTheLongerTierWithoutGapsOrRepeats() {
        tier(16, 1);
        tier(64, 2);
        RequestContext ctx = RequestContext.create("r");
        List<EngineOutput> outs = disaggregator(TierPolicy.FIT_PROMPT)
                .generate(PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(30)), ctx)
                .toList();
        int[] expected = new int[30];
        Arrays.setAll(expected, i -> 1000 + i);
        assertThat(tokens(outs)).containsExactly(expected);
        assertThat(outs.stream().filter(EngineOutput::isFinal)).hasSize(1);
        assertThat(outs.getLast().finishReason()).contains(FinishReason.LENGTH);
        PreprocessedRequest continuation = byTier.get(64).received.getFirst();
        assertThat(continuation.promptLength()).isEqualTo(16);
        assertThat(continuation.stop().maxTokens()).isEqualTo(18);
        RequestTrace trace = ctx.attachment(RequestTrace.class).orElseThrow();
        assertThat(trace.migrations()).containsExactly(new RequestTrace.Migration(16, 64, 1, 2, "context_limit", 12));
        assertThat(trace.placements()).extracting(RequestTrace.Placement::tier).containsExactly(16, 64);
        assertThat(tierMigrations).hasValue(1);
    }

    @Test
    void withoutALongerTierTheSequenceEndsWithLength() {
        tier(16, 1);
        List<EngineOutput> outs = disaggregator(TierPolicy.FIT_PROMPT)
                .generate(PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(30)), RequestContext.create("r"))
                .toList();
        assertThat(tokens(outs)).hasSize(12);
        assertThat(outs.getLast().finishReason()).contains(FinishReason.LENGTH);
    }

    @Test
    void refusesWhatNoTierCanHold() {
        tier(16, 1);
        DecodeDisaggregator d = disaggregator(TierPolicy.FIT_TOTAL);
        assertThatThrownBy(() -> d.chooseTier(PreprocessedRequest.of("m", new int[64], StopConditions.maxTokens(1))))
                .isInstanceOfSatisfying(
                        SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_LENGTH_EXCEEDED));
        assertThatThrownBy(() -> d.chooseTier(PreprocessedRequest.of("m", new int[20], StopConditions.maxTokens(1))))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NO_WORKERS);
                    assertThat(e.getMessage()).contains("64-token tier is down");
                });
    }

    @Test
    void aPinnedRequestGoesToItsWorker() {
        tier(16, 1);
        tier(64, 2);
        RequestContext ctx = RequestContext.create("r");
        disaggregator(TierPolicy.FIT_TOTAL)
                .generate(
                        PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(2))
                                .withRouting(dev.sluice.protocol.RoutingHints.pinned(2)),
                        ctx)
                .toList();
        assertThat(ctx.attachment(RequestTrace.class).orElseThrow().placements())
                .extracting(RequestTrace.Placement::workerId)
                .containsExactly(2L);
    }

    @Test
    void aReissuedSequenceAvoidsTheWorkerThatBrokeWhileDiscoveryStillListsIt() {
        // Regression: round-robin sent retries back to a killed worker until its lease expired, exhausting the
        // migration limit.
        tier(64, 1);
        tier(64, 2);
        plane.close();
        RequestPlane fresh = Embedded.requestPlane();
        FakeWorker alive = new FakeWorker(64, PROMPT.length);
        fresh.serve(2, alive); // worker 1 is gone from the plane but still listed in discovery
        Map<Integer, TierRouter> routers = new HashMap<>();
        var decode = new DecodeDisaggregator(
                live,
                t -> routers.computeIfAbsent(
                        t,
                        s -> new TierRouter(
                                s,
                                live,
                                (workers, request, id) ->
                                        java.util.Optional.of(new WorkerSelector.Selection(workers.getFirst(), 0)),
                                fresh)),
                TierPolicy.FIT_TOTAL,
                64,
                () -> {});
        var engine = new MigrationOperator(1, a -> {}).link(decode);
        for (int i = 0; i < 4; i++) {
            List<EngineOutput> outs = engine.generate(
                            PreprocessedRequest.of("m", PROMPT, StopConditions.maxTokens(5)),
                            RequestContext.create("r" + i))
                    .toList();
            assertThat(tokens(outs)).hasSize(5);
        }
        assertThat(alive.received).hasSize(4);
        fresh.close();
    }
}
