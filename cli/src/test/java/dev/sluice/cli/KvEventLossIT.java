package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chaos: KV events lost on the way to the router, over real etcd, NATS and gRPC. Both worker JVMs run with the
 * hidden fault flag {@code --fault-drop-kv-events 0-12}, so the first 13 KV events each publishes never reach NATS:
 * the root blocks of the first long prompt a worker caches are lost, and the router's index cannot place the rest.
 * The router must notice the gap in the worker's event numbers (on /metrics), ask that worker for a snapshot, apply
 * it, and then send every repeat of the prompt to the worker that cached it. Without the snapshot it would know
 * nothing of that prompt and route its repeats by load alone.
 */
@Timeout(180)
class KvEventLossIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRouterThatLostAWorkersEventsTakesASnapshotAndRoutesItsPrefixesAgain() throws Exception {
        try (Processes ps = new Processes()) {
            String etcd = ps.startEtcd();
            String nats = ps.startNats();
            for (int i = 0; i < 2; i++) {
                ps.worker(etcd, nats, "--speedup-ratio", "1000", "--fault-drop-kv-events", "0-12");
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = ps.frontend(etcd, nats, http, "--router", "kv");

            String prefix = IntStream.range(0, 320)
                    .mapToObj(i -> Integer.toString(7000 + i))
                    .collect(Collectors.joining(","));
            long owner = complete(http, base, prefix + ",1,2")
                    .path("sluice")
                    .path("worker")
                    .get(0)
                    .asLong();

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        String metrics = scrape(http, base);
                        assertThat(total(metrics, "sluice_kv_router_event_gaps_total"))
                                .as("the router saw the gap")
                                .isGreaterThanOrEqualTo(1);
                        assertThat(total(metrics, "sluice_kv_router_snapshots_requested_total"))
                                .isGreaterThanOrEqualTo(1);
                        assertThat(total(metrics, "sluice_kv_router_snapshots_applied_total"))
                                .as("the snapshot made the worker's view exact again")
                                .isGreaterThanOrEqualTo(1);
                        assertThat(metrics)
                                .contains("state=\"healthy\",worker=\"" + owner + "\"} 1.0")
                                .contains("state=\"degraded\",worker=\"" + owner + "\"} 0.0");
                    });

            for (int i = 0; i < 5; i++) {
                JsonNode res = complete(http, base, prefix + "," + (20 + i) + ",3");
                assertThat(res.path("sluice").path("worker").get(0).asLong())
                        .as("repeat %d goes to the worker that cached the prefix", i)
                        .isEqualTo(owner);
                assertThat(res.path("usage")
                                .path("prompt_tokens_details")
                                .path("cached_tokens")
                                .asInt())
                        .isGreaterThanOrEqualTo(304);
            }
        }
    }

    /** The sum over routers of a per-router counter. */
    private static double total(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} ([0-9.eE+-]+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static String scrape(HttpClient http, String base) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static JsonNode complete(HttpClient http, String base, String promptIds) throws Exception {
        String body = "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[" + promptIds + "],\"max_tokens\":2,"
                + "\"sluice\":{\"annotations\":[\"worker\"]}}";
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/completions"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }
}
