package dev.sluice.openaihttp;

import static dev.sluice.openaihttp.FakeEngineServer.chunk;
import static dev.sluice.openaihttp.FakeEngineServer.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.StreamBrokenException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The prefill and decode legs of a disaggregated request against a stand-in vLLM engine with a KV connector, field by
 * field as vLLM's NixlConnector proxy sends them.
 */
@Timeout(30)
class PrefillDecodeLegsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a prefill engine answers, newer keys and a null among them, to be passed through unchanged. */
    private static final String RETURNED = "{\"do_remote_prefill\":true,\"do_remote_decode\":false,"
            + "\"remote_block_ids\":[4,5,6],\"remote_engine_id\":\"engine-a\",\"remote_request_id\":\"req-7\","
            + "\"remote_host\":\"10.0.0.1\",\"remote_port\":5600,\"tp_size\":1,\"some_newer_key\":null}";

    private static OpenAiHttpConfig config(FakeEngineServer server) {
        return new OpenAiHttpConfig(server.base(), "served", 1000, Optional.empty(), Duration.ofSeconds(5));
    }

    private static PreprocessedRequest request() {
        return PreprocessedRequest.of(
                "m", new int[] {11, 12, 13}, new StopConditions(1, 0, List.of(), List.of(), true));
    }

    @Test
    void theLegsCarryNixlConnectorsFieldsAndShareOneRequestId() throws Exception {
        RequestContext context = RequestContext.create("req-7");
        EngineOutput prefilled;
        try (FakeEngineServer prefill = new FakeEngineServer((body, reply) -> reply.status(
                        200,
                        "{\"id\":\"cmpl-p\",\"choices\":[{\"index\":0,\"text\":\"x\",\"token_ids\":[99],"
                                + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3,"
                                + "\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":0}},"
                                + "\"kv_transfer_params\":" + RETURNED + "}"));
                OpenAiHttpPrefillEngine engine = new OpenAiHttpPrefillEngine(config(prefill))) {
            prefilled = engine.generate(request(), context).toList().getFirst();
            JsonNode leg = prefill.bodies.getFirst();
            assertThat(leg.path("kv_transfer_params"))
                    .isEqualTo(JSON.readTree("{\"do_remote_decode\":true,\"do_remote_prefill\":false,"
                            + "\"remote_engine_id\":null,\"remote_block_ids\":null,\"remote_host\":null,"
                            + "\"remote_port\":null}"));
            assertThat(leg.path("stream").asBoolean(true)).isFalse();
            assertThat(leg.path("max_tokens").asInt()).isEqualTo(1);
            assertThat(leg.has("stream_options")).isFalse();
            assertThat(leg.has("min_tokens")).isFalse();
            assertThat(leg.path("prompt").toString()).isEqualTo("[11,12,13]");
            assertThat(prefill.requestIds).containsExactly("req-7");
        }
        assertThat(prefilled.tokenIds()).containsExactly(99);

        // The params travel as Sluice's disaggregated params (over gRPC as JSON) into the decode leg.
        PreprocessedRequest decode = request()
                .withStop(new StopConditions(5, 0, List.of(), List.of(), true))
                .withDisaggregatedParams(prefilled.disaggregatedParams());
        try (FakeEngineServer server = new FakeEngineServer((body, reply) -> {
                    reply.event(chunk("length", 1, 2, 3, 4, 5));
                    reply.event(usage(3, 5, 3));
                    reply.event("[DONE]");
                });
                OpenAiHttpEngine engine = new OpenAiHttpEngine(config(server))) {
            engine.generate(decode, context).toList();
            JsonNode leg = server.bodies.getFirst();
            assertThat(leg.path("kv_transfer_params")).isEqualTo(JSON.readTree(RETURNED));
            assertThat(leg.path("stream").asBoolean()).isTrue();
            assertThat(leg.path("max_tokens").asInt()).isEqualTo(5);
            assertThat(server.requestIds).containsExactly("req-7");
        }
    }

    @Test
    void anEngineWithoutAKvConnectorBreaksThePrefillSoTheRequestIsServedAggregated() throws Exception {
        try (FakeEngineServer prefill = new FakeEngineServer(
                        (body, reply) -> reply.status(
                                200,
                                "{\"id\":\"cmpl-p\",\"choices\":[{\"index\":0,\"text\":\"x\",\"finish_reason\":\"length\"}]}"));
                OpenAiHttpPrefillEngine engine = new OpenAiHttpPrefillEngine(config(prefill))) {
            assertThatThrownBy(() -> engine.generate(request(), RequestContext.create("r")))
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("without kv_transfer_params");
        }
    }

    @Test
    void anAggregatedRequestCarriesNoKvTransferParams() throws Exception {
        try (FakeEngineServer server = new FakeEngineServer((body, reply) -> {
                    reply.event(chunk("length", 1));
                    reply.event("[DONE]");
                });
                OpenAiHttpEngine engine = new OpenAiHttpEngine(config(server))) {
            engine.generate(request(), RequestContext.create("r")).toList();
            assertThat(server.bodies.getFirst().has("kv_transfer_params")).isFalse();
        }
    }
}
