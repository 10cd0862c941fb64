package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sluice as separate processes over real etcd, NATS and gRPC: a frontend JVM and two worker JVMs. A worker is
 * killed with SIGKILL in the middle of ten concurrent streams; every stream still completes, and the dead worker
 * leaves routing within its lease TTL.
 */
@Timeout(180)
class DistributedIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void streamsSurviveAWorkerKilledMidStreamAndTheDeadWorkerLeavesRouting() throws Exception {
        try (Processes ps = new Processes()) {
            String etcd = ps.startEtcd();
            String nats = ps.startNats();
            List<Processes.Child> workers = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Processes.Worker w = ps.worker(etcd, nats, "--speedup-ratio", "1", "--lease-ttl", "2");
                ids.add(w.id());
                workers.add(w.process());
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = ps.frontend(etcd, nats, http, "--router", "round-robin", "--instance-grace", "0");

            List<CompletableFuture<JsonNode>> streams = new ArrayList<>();
            var concurrent = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < 10; i++) {
                int n = i;
                streams.add(CompletableFuture.supplyAsync(() -> stream(http, base, n), concurrent));
            }
            Thread.sleep(700); // at speedup 1 each 300-token stream runs ~2 s
            workers.getFirst().process().destroyForcibly(); // SIGKILL: no lease revoke, no goodbye
            for (CompletableFuture<JsonNode> s : streams) {
                JsonNode last = s.get();
                assertThat(last.path("usage").path("completion_tokens").asInt()).isEqualTo(300);
            }
            assertThat(streams.stream()
                            .map(CompletableFuture::join)
                            .filter(n -> n.path("sluice").path("worker").size() == 2))
                    .as("some streams moved off the killed worker")
                    .isNotEmpty();

            Thread.sleep(4000); // lease TTL 2 s, plus the watch
            for (int i = 0; i < 6; i++) {
                assertThat(workerOf(http, base)).isEqualTo(ids.get(1));
            }
        }
    }

    @Test
    void anEtcdOutageLongerThanTheLeasesDropsNoLiveWorker() throws Exception {
        try (Processes ps = new Processes()) {
            String etcd = ps.startEtcd();
            String nats = ps.startNats();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ids.add(ps.worker(etcd, nats, "--speedup-ratio", "1000", "--lease-ttl", "3")
                        .id());
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = ps.frontend(etcd, nats, http, "--router", "round-robin", "--instance-grace", "8");

            Thread freezer = Thread.ofVirtual().start(() -> {
                try {
                    ps.freezeEtcd(20_000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            java.util.Set<Long> served = new java.util.HashSet<>();
            long until = System.nanoTime() + Duration.ofSeconds(32).toNanos(); // the outage and the recovery after it
            while (System.nanoTime() < until) {
                served.add(workerOf(http, base));
                Thread.sleep(250);
            }
            freezer.join();
            assertThat(served).containsExactlyInAnyOrderElementsOf(ids);
            java.util.Set<Long> after = new java.util.HashSet<>();
            for (int i = 0; i < 6; i++) {
                after.add(workerOf(http, base));
            }
            assertThat(after)
                    .as("both workers still routed after etcd came back")
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void routingContinuesThroughANatsRestartAndKvEventsResume() throws Exception {
        try (Processes ps = new Processes()) {
            String etcd = ps.startEtcd();
            String nats = ps.startNats();
            for (int i = 0; i < 2; i++) {
                ps.worker(etcd, nats, "--speedup-ratio", "1000");
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = ps.frontend(etcd, nats, http, "--router", "kv");
            Thread restart = Thread.ofVirtual().start(() -> {
                try {
                    ps.restartNats(3000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < until) {
                HttpResponse<String> res = http.send(
                        post(base, "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[1,2,3],\"max_tokens\":2}"),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode())
                        .as("requests flow while NATS is down: " + res.body())
                        .isEqualTo(200);
                Thread.sleep(200);
            }
            restart.join();
            Thread.sleep(2000); // the clients reconnect
            for (int p = 0; p < 5; p++) {
                int base0 = 5000 + 1000 * p;
                String prompt = java.util.stream.IntStream.range(0, 320)
                        .mapToObj(i -> Integer.toString(base0 + i))
                        .collect(java.util.stream.Collectors.joining(","));
                String body = "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[" + prompt + "],\"max_tokens\":2,"
                        + "\"sluice\":{\"annotations\":[\"worker\"]}}";
                JsonNode first = JSON.readTree(http.send(post(base, body), HttpResponse.BodyHandlers.ofString())
                        .body());
                Thread.sleep(300); // the worker's KV events cross NATS to the router
                JsonNode second = JSON.readTree(http.send(post(base, body), HttpResponse.BodyHandlers.ofString())
                        .body());
                assertThat(second.path("sluice").path("worker").get(0).asLong())
                        .as("KV events reach the router again after the restart (prompt " + p + ")")
                        .isEqualTo(first.path("sluice").path("worker").get(0).asLong());
                assertThat(second.path("usage")
                                .path("prompt_tokens_details")
                                .path("cached_tokens")
                                .asInt())
                        .isPositive();
            }
        }
    }

    /** Sends a two-token completion, which must succeed, and returns the worker that served it. */
    private static long workerOf(HttpClient http, String base) throws Exception {
        HttpResponse<String> res = http.send(
                post(
                        base,
                        "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[1,2,3],"
                                + "\"max_tokens\":2,\"sluice\":{\"annotations\":[\"worker\"]}}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body()).path("sluice").path("worker").get(0).asLong();
    }

    private static HttpRequest post(String base, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** A streamed completion; returns its last JSON chunk (usage and annotations). */
    private static JsonNode stream(HttpClient http, String base, int n) {
        try {
            HttpResponse<java.util.stream.Stream<String>> res = http.send(
                    post(
                            base,
                            "{\"model\":\"Qwen/Qwen3-0.6B\","
                                    + "\"prompt\":[" + (100 + n) + ",2,3,4,5,6,7,8],\"max_tokens\":300,\"stream\":true,"
                                    + "\"stream_options\":{\"include_usage\":true},\"sluice\":{\"annotations\":[\"worker\"]}}"),
                    HttpResponse.BodyHandlers.ofLines());
            JsonNode last = null;
            for (String line : res.body().toList()) {
                if (line.startsWith("data: {")) {
                    last = JSON.readTree(line.substring(6));
                    assertThat(last.has("error")).as(line).isFalse();
                }
            }
            return last;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
