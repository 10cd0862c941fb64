package dev.sluice.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.OutputOptions;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.RoutingHints;
import dev.sluice.protocol.SamplingOptions;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.TokenLogprob;
import dev.sluice.wire.GenerateRequest;
import dev.sluice.wire.OutputBatch;
import dev.sluice.wire.OutputExtra;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WireCodecTest {
    @Test
    void aRequestWithEveryFieldSetSurvivesTheWire() throws Exception {
        PreprocessedRequest sent = new PreprocessedRequest(
                "m",
                new int[] {1, 151_643, 0},
                new StopConditions(100, 3, List.of("###"), List.of(7, 8), true),
                new SamplingOptions(0.5, 0.9, 40, OptionalLong.of(-42L), 2, 0.1, -0.2),
                new OutputOptions(5, true),
                Set.of("token_ids", "worker"),
                RoutingHints.pinned(0x7f00_0000_0000_0001L),
                "sha256:abc",
                Map.of("kv_transfer_tokens", 4096, "source_worker", 0x7f00_0000_0000_0001L, "nested", List.of(1, "x")));
        GenerateRequest wire =
                GenerateRequest.parseFrom(RequestCodec.encode("req-1", sent).toByteArray());
        assertThat(wire.getRequestId()).isEqualTo("req-1");
        assertThat(RequestCodec.decode(wire)).isEqualTo(sent);
    }

    @Test
    void defaultsSurviveTheWire() throws Exception {
        PreprocessedRequest sent = PreprocessedRequest.of("m", new int[] {5}, StopConditions.maxTokens(1));
        assertThat(RequestCodec.decode(
                        GenerateRequest.parseFrom(RequestCodec.encode("r", sent).toByteArray())))
                .isEqualTo(sent);
    }

    @Test
    void aBatchKeepsEveryOutputAndItsOrder() throws Exception {
        List<EngineOutput> sent = List.of(
                EngineOutput.tokens(9).withCachedTokens(0).withDisaggregatedParams(Map.of("k", "v", "on", true)),
                new EngineOutput(
                        new int[] {3, 4},
                        "text",
                        Optional.empty(),
                        List.of(
                                new TokenLogprob(3, -0.5, List.of(new TokenLogprob.Alternative(3, -0.5))),
                                new TokenLogprob(4, -1.25, List.of())),
                        -1,
                        Map.of("ratio", 0.25),
                        Optional.empty()),
                EngineOutput.failed("engine crashed"),
                EngineOutput.finished(FinishReason.CONTEXT_LIMIT));
        assertThat(roundTrip(sent)).containsExactlyElementsOf(sent);
    }

    @Test
    void everyFinishReasonSurvivesTheWire() throws Exception {
        for (FinishReason reason : FinishReason.values()) {
            List<EngineOutput> sent = List.of(EngineOutput.tokens(1), EngineOutput.finished(reason));
            assertThat(roundTrip(sent)).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void aRunOfOneTokenOutputsIsOnePackedListOfTokenIds() throws Exception {
        List<EngineOutput> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(EngineOutput.tokens(150_000 + i));
        }
        OutputBatch batch = OutputCodec.encode(sent);
        assertThat(batch.getTokenCountsCount()).isZero();
        assertThat(batch.getExtrasCount()).isZero();
        assertThat(batch.getSerializedSize()).isLessThanOrEqualTo(2 + 3 * 100 + 1);
        assertThat(roundTrip(sent)).containsExactlyElementsOf(sent);
    }

    @Test
    void aBatchWhoseColumnsDisagreeIsRefused() {
        OutputBatch bad =
                OutputBatch.newBuilder().addTokenIds(1).addTokenCounts(2).build();
        assertThatThrownBy(() -> new BatchCursor(bad)).isInstanceOf(IllegalArgumentException.class);
        OutputBatch outOfRange = OutputBatch.newBuilder()
                .addTokenIds(1)
                .addExtras(OutputExtra.newBuilder().setIndex(1))
                .build();
        assertThatThrownBy(() -> new BatchCursor(outOfRange)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<EngineOutput> roundTrip(List<EngineOutput> outputs) throws Exception {
        BatchCursor cursor = new BatchCursor(
                OutputBatch.parseFrom(OutputCodec.encode(outputs).toByteArray()));
        List<EngineOutput> out = new ArrayList<>();
        while (cursor.hasNext()) {
            out.add(cursor.next());
        }
        return out;
    }
}
