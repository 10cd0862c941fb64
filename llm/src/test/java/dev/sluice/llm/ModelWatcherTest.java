package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.ModelCard;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.embedded.Embedded;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Model publication and tiers as workers come and go (DESIGN.md section 2). */
@Timeout(10)
class ModelWatcherTest {
    private static final ModelCard CARD = new ModelCard("m", 64, 16, "/nowhere", "sum");

    private static WorkerRegistration worker(Discovery d, RequestPlane plane, int seqlen) {
        return WorkerRegistration.register(
                d,
                plane,
                Duration.ofSeconds(5),
                new WorkerMetadata("m", WorkerRole.DECODE, seqlen, 64, 16, 100, 8, 256),
                CARD,
                id -> (req, ctx) -> ResponseStream.of(List.of(EngineOutput.finished(FinishReason.LENGTH, 7))));
    }

    @Test
    void aModelAppearsWithItsLongestTierAndKeepsServingShortTiersWhenThatTierGoes() {
        try (Discovery d = Embedded.discovery();
                RequestPlane plane = Embedded.requestPlane()) {
            ModelInfo info = new ModelInfo("m", 64, new ByteTokenizer(), chat -> "", List.of(), "sum");
            ModelWatcher watcher = new ModelWatcher(d, card -> info, (i, live, prefill) -> (req, ctx) -> {
                throw new UnsupportedOperationException("this test drives the tiers directly");
            });
            watcher.start();
            WorkerRegistration shortWorker = worker(d, plane, 16);
            assertThat(watcher.models())
                    .as("only a max-seqlen worker publishes the model")
                    .isEmpty();
            WorkerRegistration longWorker = worker(d, plane, 64);
            assertThat(watcher.models()).extracting(m -> m.card().name()).containsExactly("m");
            ServedModel served = watcher.model("m").orElseThrow();
            assertThat(served.workers().tiers().keySet()).containsExactly(16, 64);

            longWorker.close();
            assertThat(watcher.model("m"))
                    .as("shorter tiers keep the model served")
                    .isPresent();
            assertThat(served.workers().tiers().keySet()).containsExactly(16);
            DecodeDisaggregator decode = new DecodeDisaggregator(
                    served.workers(),
                    t -> new TierRouter(t, served.workers(), WorkerSelector.roundRobin(), plane),
                    TierPolicy.FIT_TOTAL,
                    64,
                    () -> {});
            assertThat(decode.generate(
                                    PreprocessedRequest.of("m", new int[4], StopConditions.maxTokens(4)),
                                    RequestContext.create("a"))
                            .toList())
                    .hasSize(1);
            assertThatThrownBy(() ->
                            decode.chooseTier(PreprocessedRequest.of("m", new int[30], StopConditions.maxTokens(4))))
                    .isInstanceOfSatisfying(SluiceException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NO_WORKERS);
                        assertThat(e.getMessage()).contains("64-token tier is down");
                    });

            shortWorker.close();
            assertThat(watcher.model("m")).as("no card and no worker: gone").isEmpty();
            watcher.close();
        }
    }
}
