package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.embedded.Embedded;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The stream splicing of tier migration and failure migration against a simple reference: whatever the tiers, finish
 * points and worker failures, the client sees token i of the sequence exactly once, in order, then one finish.
 */
class StreamSplicingPropertiesTest {
    private static final int PROMPT = 10;

    @Property(tries = 300)
    void theClientSeesTheConcatenationOfThePartsExactlyOnce(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 12, max = 80) Integer> tierSizes,
            @ForAll @IntRange(min = 1, max = 60) int maxTokens,
            @ForAll @Size(max = 3) List<@IntRange(min = 0, max = 30) Integer> failures) {
        TreeSet<Integer> tiers = new TreeSet<>(tierSizes);
        Deque<Integer> failurePoints = new ArrayDeque<>(failures);
        LiveWorkers live = new LiveWorkers();
        List<InstanceRecord> records = new ArrayList<>();
        try (RequestPlane plane = Embedded.requestPlane()) {
            long id = 1;
            for (int tier : tiers) {
                for (int copy = 0; copy < 2; copy++) {
                    FakeWorker w = new FakeWorker(tier, PROMPT) {
                        @Override
                        public dev.sluice.runtime.ResponseStream<EngineOutput> generate(
                                PreprocessedRequest request, RequestContext context) {
                            Integer failAt = failurePoints.poll();
                            breakAfter = failAt == null ? Integer.MAX_VALUE : failAt;
                            return super.generate(request, context);
                        }
                    };
                    plane.serve(id, w);
                    records.add(new InstanceRecord(
                            "ns",
                            "c",
                            "e",
                            id++,
                            "local",
                            new WorkerMetadata("m", WorkerRole.DECODE, tier, tiers.last(), 16, 100, 8, 64)));
                }
            }
            live.update(records);
            Map<Integer, TierRouter> routers = new HashMap<>();
            var decode = new DecodeDisaggregator(
                    live,
                    t -> routers.computeIfAbsent(t, s -> new TierRouter(s, live, WorkerSelector.roundRobin(), plane)),
                    TierPolicy.FIT_PROMPT,
                    tiers.last(),
                    () -> {});
            var engine = new MigrationOperator(3, a -> {}).link(decode);
            if (PROMPT + 1 > tiers.last()) {
                return;
            }
            List<EngineOutput> outs = engine.generate(
                            PreprocessedRequest.of("m", new int[PROMPT], StopConditions.maxTokens(maxTokens)),
                            RequestContext.create("r"))
                    .toList();
            int expected = Math.min(maxTokens, tiers.last() - PROMPT);
            int[] reference = new int[expected];
            Arrays.setAll(reference, i -> 1000 + i);
            assertThat(outs.stream()
                            .flatMapToInt(o -> Arrays.stream(o.tokenIds()))
                            .toArray())
                    .containsExactly(reference);
            assertThat(outs.stream().filter(EngineOutput::isFinal)).hasSize(1);
            assertThat(outs.getLast().finishReason()).contains(FinishReason.LENGTH);
        }
    }
}
