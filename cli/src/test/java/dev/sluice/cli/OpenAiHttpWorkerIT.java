package dev.sluice.cli;

import static dev.sluice.openaihttp.FakeEngineServer.chunk;
import static dev.sluice.openaihttp.FakeEngineServer.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.llm.WorkerRegistration;
import dev.sluice.nats.NatsEventBus;
import dev.sluice.openaihttp.FakeEngineServer;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.WorkerLoad;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two {@code sluice worker --engine openai-http} processes, tiers 8,192 and 32,768, drive an OpenAI-compatible engine
 * server (vLLM's token-id dialect) behind a {@code sluice frontend}, over real etcd, NATS and gRPC. A sequence that
 * outgrows the short tier is cut there by the adapter and continues on the long tier: the client gets every token
 * once, and the engine sees the continuation's prompt grow by what was generated. A request the engine refuses
 * reaches the client as a 400 with the engine's message, and the engine's {@code /metrics} become the worker's load
 * reports on NATS.
 */
@Timeout(120)
class OpenAiHttpWorkerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The engine generates ids 1000, 1001, ... up to the request's max_tokens, a few per event. */
    private static FakeEngineServer engine() throws Exception {
        return new FakeEngineServer((body, reply) -> {
            if (body.has("top_k")) {
                reply.status(400, "{\"error\":{\"message\":\"top_k is not supported by this engine\"}}");
                return;
            }
            int max = body.path("max_tokens").asInt();
            for (int i = 0; i < max; i += 4) {
                int[] ids = IntStream.range(i, Math.min(max, i + 4))
                        .map(n -> 1000 + n)
                        .toArray();
                reply.event(chunk(i + 4 >= max ? "length" : null, ids));
            }
            reply.event(usage(body.path("prompt").size(), max, 0));
            reply.event("[DONE]");
        });
    }

    @Test
    void aSequenceOutgrowingTheShortTierOfRealEngineWorkersMigratesAndCompletes() throws Exception {
        try (Processes ps = new Processes();
                FakeEngineServer engine = engine()) {
            String etcd = ps.startEtcd();
            String nats = ps.startNats();
            engine.metrics = "vllm:num_requests_running{engine=\"0\"} 3.0\nvllm:num_requests_waiting 1.0\n"
                    + "vllm:kv_cache_usage_perc 0.5\n";
            List<WorkerLoad> loads = new CopyOnWriteArrayList<>();
            NatsEventBus bus = NatsEventBus.connect(nats);
            bus.subscribe(
                    DiscoveryKeys.loadSubject(WorkerRegistration.NAMESPACE, WorkerRegistration.COMPONENT, 8192),
                    b -> loads.add(EventCodec.decodeLoad(b)));
            for (String tier : new String[] {"8192", "32768"}) {
                String line = ps.worker(
                                etcd,
                                nats,
                                "--engine",
                                "openai-http",
                                "--engine-url",
                                engine.base().toString(),
                                "--engine-model",
                                "qwen3-on-vllm",
                                "--this-seqlen",
                                tier)
                        .line();
                assertThat(line).endsWith("driving " + engine.base());
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = ps.frontend(etcd, nats, http, "--no-kv-events", "--tier-policy", "fit-prompt");

            String prompt = IntStream.range(0, 8000)
                    .mapToObj(i -> Integer.toString(2000 + i))
                    .collect(Collectors.joining(","));
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/completions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":["
                                    + prompt + "],\"max_tokens\":300,\"ignore_eos\":true,"
                                    + "\"sluice\":{\"annotations\":[\"tier\",\"migrations\"]}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(res.body());
            assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(300);
            assertThat(body.path("choices").get(0).path("finish_reason").asText())
                    .isEqualTo("length");
            assertThat(body.path("sluice").path("tier").toString()).isEqualTo("[8192,32768]");
            assertThat(body.path("sluice")
                            .path("migrations")
                            .get(0)
                            .path("at_token")
                            .asInt())
                    .isEqualTo(192);

            assertThat(engine.bodies).hasSize(2);
            JsonNode first = engine.bodies.get(0);
            JsonNode second = engine.bodies.get(1);
            assertThat(first.path("model").asText()).isEqualTo("qwen3-on-vllm");
            assertThat(first.path("prompt").size()).isEqualTo(8000);
            assertThat(first.path("max_tokens").asInt())
                    .as("what the 8,192 tier holds")
                    .isEqualTo(192);
            assertThat(second.path("prompt").size()).isEqualTo(8192);
            assertThat(second.path("prompt").get(8000).asInt())
                    .as("the continuation's prompt holds the generated tokens")
                    .isEqualTo(1000);
            assertThat(second.path("max_tokens").asInt()).isEqualTo(108);

            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/completions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[1,2,3],\"max_tokens\":5,\"top_k\":5}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body())
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("top_k is not supported by this engine");
            assertThat(engine.bodies)
                    .as("a refusal is not retried on another worker")
                    .hasSize(3);
        }
    }
}
