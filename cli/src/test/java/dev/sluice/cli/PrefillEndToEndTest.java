package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Disaggregated prefill through the whole pipeline: {@code --prefill-workers}, over real HTTP. */
@Timeout(120)
class PrefillEndToEndTest {
    private static String request(int promptTokens) {
        String ids = Arrays.stream(new int[promptTokens]).mapToObj(i -> "9707").collect(Collectors.joining(","));
        return "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[" + ids + "],\"max_tokens\":8,"
                + "\"sluice\":{\"annotations\":[\"worker\",\"prefill_worker\",\"timing\"]}}";
    }

    @Test
    void promptsArePrefilledOnAPrefillWorkerAndDecodedElsewhereWithFallbacks() throws Exception {
        try (Http http = new Http(
                "--tier",
                "32768=1",
                "--prefill-workers",
                "1",
                "--prefill-threshold",
                "1000",
                "--speedup-ratio",
                "1000",
                "--num-gpu-blocks",
                "4096",
                "--block-size",
                "16")) {
            SimulatedWorker prefill = http.deployment.workers().stream()
                    .filter(SimulatedWorker::isPrefill)
                    .findFirst()
                    .orElseThrow();
            SimulatedWorker decode = http.deployment.workers().stream()
                    .filter(w -> !w.isPrefill())
                    .findFirst()
                    .orElseThrow();

            JsonNode disaggregated = http.postJson("/v1/completions", request(4000));
            assertThat(disaggregated.path("usage").path("completion_tokens").asInt())
                    .isEqualTo(8);
            assertThat(disaggregated.path("sluice").path("prefill_worker").asLong())
                    .isEqualTo(prefill.instanceId());
            assertThat(disaggregated.path("sluice").path("worker").get(0).asLong())
                    .isEqualTo(decode.instanceId());
            assertThat(disaggregated
                            .path("sluice")
                            .path("timing")
                            .path("prefill_ms")
                            .asDouble())
                    .isPositive();

            Thread.sleep(50); // the prefill worker's KV events reach the prefill router
            JsonNode repeated = http.postJson("/v1/completions", request(4000));
            assertThat(repeated.path("sluice").path("prefill_worker").asLong())
                    .as("the prefill worker caches all but a block of it: below the threshold, served aggregated")
                    .isEqualTo(-1);

            JsonNode shortPrompt = http.postJson("/v1/completions", request(100));
            assertThat(shortPrompt.path("sluice").path("prefill_worker").asLong())
                    .as("below --prefill-threshold: served aggregated")
                    .isEqualTo(-1);

            prefill.close();
            JsonNode fallback = http.postJson("/v1/completions", request(4000));
            assertThat(fallback.path("usage").path("completion_tokens").asInt()).isEqualTo(8);
            assertThat(fallback.path("sluice").path("prefill_worker").asLong())
                    .as("no prefill worker live: served aggregated")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aTierMigrationReprefillsThroughThePrefillPool() throws Exception {
        try (Http http = new Http(
                "--tier",
                "8192=1",
                "--tier",
                "32768=1",
                "--tier-policy",
                "fit-prompt",
                "--prefill-workers",
                "1",
                "--speedup-ratio",
                "1000000",
                "--num-gpu-blocks",
                "4096",
                "--block-size",
                "16",
                "--context-length",
                "32768")) {
            String ids = Arrays.stream(new int[7000]).mapToObj(i -> "9707").collect(Collectors.joining(","));
            JsonNode body = http.postJson(
                    "/v1/completions",
                    "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[" + ids
                            + "],\"max_tokens\":3000,\"sluice\":{\"annotations\":[\"tier\",\"prefills\",\"migrations\"]}}");
            assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(3000);
            assertThat(body.path("sluice").path("tier").toString()).isEqualTo("[8192,32768]");
            assertThat(body.path("sluice").path("prefills").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aPrefillWorkerDyingMidPrefillFallsBackToAggregatedServing() throws Exception {
        try (Http http = new Http(
                "--tier",
                "32768=1",
                "--prefill-workers",
                "1",
                "--speedup-ratio",
                "1",
                "--num-gpu-blocks",
                "4096",
                "--block-size",
                "16",
                "--context-length",
                "32768")) {
            SimulatedWorker prefill = http.deployment.workers().stream()
                    .filter(SimulatedWorker::isPrefill)
                    .findFirst()
                    .orElseThrow();
            Thread killer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(250); // a 30k-token prefill takes ~0.8 s at speedup 1
                    prefill.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            JsonNode body =
                    http.postJson("/v1/completions", request(30_000).replace("\"max_tokens\":8", "\"max_tokens\":2"));
            killer.join();
            assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
            assertThat(body.path("sluice").path("prefill_worker").asLong()).isEqualTo(-1);
        }
    }
}
