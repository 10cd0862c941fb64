package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Decode tiers through the whole pipeline: {@code --tier 8192=1 --tier 32768=1}, over real HTTP. */
@Timeout(180)
class DecodeTiersEndToEndTest {
    private static String prompt(int tokens, int maxTokens) {
        String ids = Arrays.stream(new int[tokens]).mapToObj(i -> "9707").collect(Collectors.joining(","));
        return "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[" + ids + "],\"max_tokens\":" + maxTokens
                + ",\"sluice\":{\"annotations\":[\"tier\",\"worker\",\"migrations\"]}}";
    }

    private static Http serve(String policy) {
        return new Http(
                "--tier",
                "8192=1",
                "--tier",
                "32768=1",
                "--tier-policy",
                policy,
                "--speedup-ratio",
                "1000000",
                "--num-gpu-blocks",
                "4096",
                "--block-size",
                "16",
                "--context-length",
                "32768");
    }

    @Test
    void fitPromptStartsShortMigratesAtTheLimitAndEndsWithExactlyMaxTokens() throws Exception {
        try (Http http = serve("fit-prompt")) {
            JsonNode body = http.postJson("/v1/completions", prompt(7000, 3000));
            assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(3000);
            assertThat(body.path("choices").get(0).path("finish_reason").asText())
                    .isEqualTo("length");
            JsonNode sluice = body.path("sluice");
            assertThat(sluice.path("tier").toString()).isEqualTo("[8192,32768]");
            JsonNode migration = sluice.path("migrations").get(0);
            assertThat(migration.path("from_tier").asInt()).isEqualTo(8192);
            assertThat(migration.path("to_tier").asInt()).isEqualTo(32768);
            assertThat(migration.path("at_token").asInt()).isEqualTo(8192 - 7000);
            assertThat(migration.path("reason").asText()).isEqualTo("context_limit");
            String metrics = http.client
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base + "/metrics"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains("sluice_migrations_total{model=\"Qwen/Qwen3-0.6B\",reason=\"context_limit\"} 1.0");
        }
    }

    @Test
    void fitTotalAndLongPromptsGoStraightToTheLongTierAndTooLongIsRefused() throws Exception {
        try (Http http = serve("fit-total")) {
            JsonNode body = http.postJson("/v1/completions", prompt(7000, 3000));
            assertThat(body.path("sluice").path("tier").toString()).isEqualTo("[32768]");
            assertThat(body.path("sluice").path("migrations").size()).isZero();
            assertThat(http.postJson("/v1/completions", prompt(10_000, 5))
                            .path("sluice")
                            .path("tier")
                            .toString())
                    .isEqualTo("[32768]");
            assertThat(http.postJson("/v1/completions", prompt(100, 5))
                            .path("sluice")
                            .path("tier")
                            .toString())
                    .isEqualTo("[8192]");
            var tooLong = http.post("/v1/completions", prompt(40_000, 5));
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(tooLong.body()).contains("context_length_exceeded");
        }
    }

    @Test
    void aWorkerKilledMidStreamIsReplacedAndTheStreamCompletes() throws Exception {
        try (Http http = new Http(
                "--tier",
                "32768=2",
                "--router",
                "round-robin",
                "--speedup-ratio",
                "5",
                "--num-gpu-blocks",
                "4096",
                "--block-size",
                "16")) {
            Thread killer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(150);
                    for (SimulatedWorker w : http.deployment.workers()) {
                        if (w.usedBlocks() > 0) {
                            w.close();
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            JsonNode body = http.postJson("/v1/completions", prompt(50, 400));
            killer.join();
            assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(400);
            assertThat(body.path("sluice").path("worker").size()).isEqualTo(2);
        }
    }

    @Test
    void cancellingAMigratedRequestFreesBlocksOnEveryWorkerItTouched() throws Exception {
        try (Http http = new Http(
                "--tier",
                "8192=1",
                "--tier",
                "32768=1",
                "--tier-policy",
                "fit-prompt",
                "--speedup-ratio",
                "500",
                "--num-gpu-blocks",
                "4096",
                "--block-size",
                "16")) {
            String body = prompt(7000, 20_000).replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"");
            var res = http.postStreaming("/v1/completions", body);
            Http.readEventsThenLeave(res.body(), 1400, () -> assertThat(http.deployment.workers())
                    .anySatisfy(w -> assertThat(w.usedBlocks()).isPositive()));
            http.assertAllBlocksFreed();
        }
    }
}
