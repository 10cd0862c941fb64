package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChunkReaderTest {
    private final List<RequestResult> results = new ArrayList<>();
    private final Exchange ex = new Exchange(0, 100, new byte[0], 0, 1000, results::add);

    private void event(String json, long now) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.event(b, b.length, now);
    }

    @Test
    void countsEventsWithTextAndReadsUsageAndAnnotations() {
        event("{\"choices\":[{\"index\":0,\"text\":\"Hel\",\"logprobs\":null}]}", 1500);
        event("{\"choices\":[{\"index\":0,\"text\":\"\"}]}", 1600);
        event("{\"choices\":[{\"text\":\"lo\",\"finish_reason\":\"length\"}]}", 1700);
        event(
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":3,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":64}},"
                        + "\"sluice\":{\"tier\":[8192],\"worker\":[7,9],\"migrations\":[{\"from\":7}]}}",
                1800);
        event("[DONE]", 1900);
        ex.complete(2000);
        RequestResult r = results.getFirst();
        assertThat(r.chunkNanos()).containsExactly(500, 700);
        assertThat(r.outputTokens()).isEqualTo(3);
        assertThat(r.cachedTokens()).isEqualTo(64);
        assertThat(r.tiers()).containsExactly(8192);
        assertThat(r.workers()).containsExactly(7L, 9L);
        assertThat(r.migrations()).isEqualTo(1);
        assertThat(r.endNanos()).isEqualTo(1000);
    }

    @Test
    void chatDeltasCountWhenTheyCarryContentOrReasoning() {
        event("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}", 1100);
        event("{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}", 1200);
        event("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}", 1300);
        event("{\"choices\":[],\"usage\":null}", 1400);
        ex.complete(1500);
        assertThat(results.getFirst().chunkNanos()).containsExactly(200, 300);
        assertThat(results.getFirst().outputTokens()).isEqualTo(2);
    }

    @Test
    void anErrorEventFailsTheRequestWithItsMessage() {
        event("{\"choices\":[{\"text\":\"a\"}]}", 1100);
        event("{\"error\":{\"message\":\"worker lost\",\"type\":\"server_error\"}}", 1200);
        ex.complete(1300);
        assertThat(results.getFirst().failure()).contains(new RequestResult.Failure(200, "worker lost"));
    }

    @Test
    void garbageAndEmptyStreamsAreFailuresNotCrashes() {
        event("{not json", 1100);
        ex.complete(1200);
        assertThat(results.getFirst().failure().orElseThrow().message()).startsWith("unparseable event: {not json");
        Exchange empty = new Exchange(1, 10, new byte[0], 0, 0, results::add);
        empty.complete(5);
        assertThat(results.get(1).failure())
                .contains(new RequestResult.Failure(200, "the stream ended without output text"));
        assertThat(ChunkReader.errorBody("{\"error\":{\"message\":\"bad\"}}".getBytes(), 27))
                .contains("bad");
    }
}
