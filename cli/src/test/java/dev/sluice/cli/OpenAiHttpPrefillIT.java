package dev.sluice.cli;

import static dev.sluice.openaihttp.FakeEngineServer.chunk;
import static dev.sluice.openaihttp.FakeEngineServer.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.openaihttp.FakeEngineServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Disaggregated serving with real-engine workers, over etcd, NATS and gRPC: a {@code --role prefill} openai-http worker
 * runs vLLM's NixlConnector prefill leg on its stand-in engine, the {@code kv_transfer_params} it returns reach the
 * decode worker's leg unchanged under the same {@code X-Request-Id}, and a failing prefill engine leaves the request
 * served aggregated.
 */
@Timeout(180)
class OpenAiHttpPrefillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RETURNED = "{\"do_remote_prefill\":true,\"do_remote_decode\":false,"
            + "\"remote_block_ids\":[1,2,3,4],\"remote_engine_id\":\"prefill-0\",\"remote_request_id\":\"x\","
            + "\"remote_host\":\"10.1.2.3\",\"remote_port\":5600,\"tp_size\":1}";

    @Test
    void thePrefillLegsKvTransferParamsReachTheDecodeLeg() throws Exception {
        AtomicBoolean prefillDown = new AtomicBoolean();
        try (Processes ps = new Processes();
                FakeEngineServer prefill = new FakeEngineServer((body, reply) -> {
                    if (prefillDown.get()) {
                        reply.status(500, "{\"error\":{\"message\":\"NIXL handshake failed\"}}");
                        return;
                    }
                    reply.status(
                            200,
                            "{\"id\":\"cmpl-p\",\"choices\":[{\"index\":0,\"text\":\"x\",\"token_ids\":[42],"
                                    + "\"finish_reason\":\"length\"}],\"kv_transfer_params\":" + RETURNED + "}");
                });
                FakeEngineServer decode = new FakeEngineServer((body, reply) -> {
                    reply.event(chunk("length", 1000, 1001, 1002));
                    reply.event(usage(body.path("prompt").size(), 3, 0));
                    reply.event("[DONE]");
                })) {
            String etcd = ps.startEtcd();
            String nats = ps.startNats();
            ps.worker(
                    etcd,
                    nats,
                    "--engine",
                    "openai-http",
                    "--engine-url",
                    prefill.base().toString(),
                    "--role",
                    "prefill");
            ps.worker(
                    etcd,
                    nats,
                    "--engine",
                    "openai-http",
                    "--engine-url",
                    decode.base().toString());
            HttpClient http = HttpClient.newHttpClient();
            String base = ps.frontend(etcd, nats, http);

            assertThat(complete(http, base)).isEqualTo(3);
            assertThat(prefill.bodies).hasSize(1);
            JsonNode first = prefill.bodies.getFirst();
            assertThat(first.path("kv_transfer_params").path("do_remote_decode").asBoolean())
                    .isTrue();
            assertThat(first.path("max_tokens").asInt()).isEqualTo(1);
            assertThat(first.path("stream").asBoolean(true)).isFalse();
            assertThat(decode.bodies.getFirst().path("kv_transfer_params")).isEqualTo(JSON.readTree(RETURNED));
            assertThat(decode.requestIds.getFirst())
                    .as("one X-Request-Id for both legs")
                    .isEqualTo(prefill.requestIds.getFirst())
                    .isNotEqualTo("null");

            prefillDown.set(true);
            assertThat(complete(http, base)).as("served aggregated").isEqualTo(3);
            assertThat(prefill.bodies).hasSize(2);
            assertThat(decode.bodies.getLast().has("kv_transfer_params")).isFalse();
        }
    }

    /** A 64-token completion; returns its completion tokens. */
    private static int complete(HttpClient http, String base) throws Exception {
        String prompt =
                IntStream.range(0, 64).mapToObj(i -> Integer.toString(500 + i)).collect(Collectors.joining(","));
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[" + prompt + "],\"max_tokens\":3}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body()).path("usage").path("completion_tokens").asInt();
    }
}
