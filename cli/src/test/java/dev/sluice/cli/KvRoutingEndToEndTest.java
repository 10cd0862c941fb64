package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code sluice serve --router kv} with 4 workers against round-robin, over real HTTP. */
@Timeout(120)
class KvRoutingEndToEndTest {
    private static final String PREFIX = "You are a meticulous assistant. ".repeat(60);

    private static String request(int i) {
        return "{\"model\":\"Qwen/Qwen3-0.6B\",\"max_tokens\":2,\"messages\":[{\"role\":\"system\",\"content\":\""
                + PREFIX + "\"},{\"role\":\"user\",\"content\":\"question " + i
                + "\"}],\"sluice\":{\"annotations\":[\"worker\"]}}";
    }

    @Test
    void requestsSharingALongPrefixLandOnTheWorkerThatHoldsIt() throws Exception {
        try (Http http = new Http(
                "--tier",
                "32768=4",
                "--router",
                "kv",
                "--speedup-ratio",
                "100000",
                "--num-gpu-blocks",
                "4096",
                "--block-size",
                "16")) {
            Set<Long> workers = new HashSet<>();
            int cachedHits = 0;
            for (int i = 0; i < 8; i++) {
                JsonNode body = http.postJson("/v1/chat/completions", request(i));
                workers.add(body.path("sluice").path("worker").get(0).asLong());
                if (i > 0
                        && body.path("usage")
                                        .path("prompt_tokens_details")
                                        .path("cached_tokens")
                                        .asInt()
                                > 0) {
                    cachedHits++;
                }
                Thread.sleep(20); // let the worker's KV events reach the router's index
            }
            assertThat(workers).hasSize(1);
            assertThat(cachedHits).isEqualTo(7);
        }
    }

    @Test
    void roundRobinSpreadsThem() throws Exception {
        try (Http http = new Http(
                "--tier",
                "32768=4",
                "--router",
                "round-robin",
                "--speedup-ratio",
                "100000",
                "--num-gpu-blocks",
                "4096",
                "--block-size",
                "16")) {
            Set<Long> workers = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                workers.add(http.postJson("/v1/chat/completions", request(i))
                        .path("sluice")
                        .path("worker")
                        .get(0)
                        .asLong());
            }
            assertThat(workers).hasSize(4);
        }
    }
}
