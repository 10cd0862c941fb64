package dev.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void kvEventsRoundTripWithTheirVariant() {
        WorkerKvEvents batch = new WorkerKvEvents(
                42,
                List.of(
                        new KvEvent.Stored(1, OptionalLong.empty(), List.of(new KvEvent.StoredBlock(10, 11))),
                        new KvEvent.Stored(2, OptionalLong.of(10), List.of(new KvEvent.StoredBlock(12, 13))),
                        new KvEvent.Removed(3, List.of(10L, 12L)),
                        new KvEvent.Cleared(4)));
        assertThat(Json.decode(Json.encode(batch), WorkerKvEvents.class)).isEqualTo(batch);
    }

    @Test
    void instanceRecordsUseSnakeCase() {
        InstanceRecord r = new InstanceRecord(
                "ns",
                "backend",
                "generate",
                7,
                "local:7",
                new WorkerMetadata("m", WorkerRole.DECODE, 8192, 32768, 64, 100, 8, 512));
        String text = new String(Json.encode(r), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("\"this_seqlen\":8192", "\"max_seqlen\":32768", "\"instance_id\":7");
        assertThat(Json.decode(Json.encode(r), InstanceRecord.class)).isEqualTo(r);
    }

    @Test
    void onlyTheLongestTierPublishesTheModel() {
        assertThat(new WorkerMetadata("m", WorkerRole.DECODE, 8192, 32768, 64, 1, 1, 1).publishesModel())
                .isFalse();
        assertThat(new WorkerMetadata("m", WorkerRole.DECODE, 32768, 32768, 64, 1, 1, 1).publishesModel())
                .isTrue();
        assertThat(new WorkerMetadata("m", WorkerRole.PREFILL, 32768, 32768, 64, 1, 1, 1).publishesModel())
                .isFalse();
    }

    @Test
    void continuationExtendsThePromptReducesLimitsAndDropsPlacement() {
        PreprocessedRequest r = PreprocessedRequest.of(
                        "m", new int[] {1, 2}, new StopConditions(10, 4, List.of("x"), List.of(9), false))
                .withRouting(RoutingHints.pinned(5))
                .withDisaggregatedParams(java.util.Map.of("handle", "h"));
        PreprocessedRequest c = r.continuation(new int[] {3, 4, 5});
        assertThat(c.tokenIds()).containsExactly(1, 2, 3, 4, 5);
        assertThat(c.stop().maxTokens()).isEqualTo(7);
        assertThat(c.stop().minTokens()).isEqualTo(1);
        assertThat(c.routing()).isEqualTo(RoutingHints.NONE);
        assertThat(c.disaggregatedParams()).isEmpty();
    }
}
