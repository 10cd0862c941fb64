package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.llm.WorkerRegistration;
import dev.sluice.nats.NatsEventBus;
import dev.sluice.openaihttp.kvevents.StandInEngine;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A frontend in its default mode (KV events on) routes two {@code sluice worker --engine openai-http} processes by the
 * KV cache their engines report over ZMQ, over real etcd, NATS and gRPC. The engines are stand-ins written from vLLM's
 * wire format (HTTP completions, KV events on a PUB socket with a replay socket). A long prompt stored on one engine
 * sends every later request that repeats its prefix to that engine, and the engine's cached-token count reaches the
 * client, streamed and whole.
 */
@Timeout(180)
class EngineKvEventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BLOCK = 16;
    private static final int TIER = 32768;

    @Test
    void aRepeatedLongPrefixGoesToTheWorkerWhoseEngineStoredIt() throws Exception {
        try (Processes ps = new Processes();
                StandInEngine a = new StandInEngine(BLOCK, 1);
                StandInEngine b = new StandInEngine(BLOCK, 2)) {
            String etcd = ps.startEtcd();
            String nats = ps.startNats();
            List<WorkerKvEvents> published = new CopyOnWriteArrayList<>();
            NatsEventBus bus = NatsEventBus.connect(nats);
            bus.subscribe(
                    DiscoveryKeys.kvEventSubject(WorkerRegistration.NAMESPACE, WorkerRegistration.COMPONENT, TIER),
                    m -> published.add(EventCodec.decodeKvEvents(m)));
            HttpClient http = HttpClient.newHttpClient();
            for (StandInEngine e : List.of(a, b)) {
                int metrics = Processes.freePort();
                ps.worker(
                        etcd,
                        nats,
                        "--engine",
                        "openai-http",
                        "--engine-url",
                        e.http.base().toString(),
                        "--engine-kv-events",
                        e.kv.eventsEndpoint(),
                        "--engine-kv-replay",
                        e.kv.replayEndpoint().orElseThrow(),
                        "--metrics-port",
                        Integer.toString(metrics));
                awaitListening(http, e, metrics);
            }
            String base = ps.frontend(etcd, nats, http);

            String prefix = IntStream.range(0, 1024)
                    .mapToObj(i -> Integer.toString(3000 + i))
                    .collect(Collectors.joining(","));
            complete(http, base, prefix + ",1,2,3", false);
            StandInEngine owner = a.http.bodies.size() == 1 ? a : b;
            StandInEngine other = owner == a ? b : a;
            await().atMost(Duration.ofSeconds(30)).until(() -> published.stream()
                    .flatMap(w -> w.events().stream())
                    .anyMatch(ev -> ev instanceof KvEvent.Stored s && s.blocks().size() == 1024 / BLOCK));

            for (int i = 0; i < 6; i++) {
                boolean stream = i % 2 == 0;
                JsonNode usage = complete(http, base, prefix + "," + (10 + i) + ",7,8", stream);
                assertThat(usage.path("prompt_tokens_details")
                                .path("cached_tokens")
                                .asInt())
                        .as("the engine's own cached-token count, %s", stream ? "streamed" : "whole")
                        .isEqualTo(1024);
            }
            assertThat(owner.http.bodies)
                    .as("every repeat went to the engine that stored the prefix")
                    .hasSize(7);
            assertThat(other.http.bodies).isEmpty();
        }
    }

    /** Publishes empty batches until the worker's own /metrics shows it receives them. */
    private static void awaitListening(HttpClient http, StandInEngine engine, int metricsPort) {
        URI metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    engine.heartbeat();
                    String text = http.send(
                                    HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                            .body();
                    return !text.contains("sluice_engine_kv_batches_total 0\n");
                });
    }

    /** A completion of token ids, max_tokens 2; returns its usage (the last chunk's when streamed). */
    private static JsonNode complete(HttpClient http, String base, String promptIds, boolean stream) throws Exception {
        String body = "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[" + promptIds + "],\"max_tokens\":2"
                + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "") + "}";
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        if (!stream) {
            return JSON.readTree(res.body()).path("usage");
        }
        JsonNode usage = JSON.createObjectNode();
        for (String line : res.body().split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = JSON.readTree(line.substring(6));
                if (chunk.path("usage").isObject()) {
                    usage = chunk.path("usage");
                }
            }
        }
        return usage;
    }
}
