package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests without {@code max_tokens} (what most clients send) under {@code --tier-policy fit-predicted}: placed by
 * the output they are expected to need, so a short one starts on the short tier, and one that outgrows it migrates.
 */
@Timeout(180)
class FitPredictedEndToEndTest {
    private static String open(String extra) {
        return "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":\"Say hello.\"" + extra
                + ",\"sluice\":{\"annotations\":[\"tier\",\"migrations\"]}}";
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
                "32768",
                "--natural-output-mean",
                "20");
    }

    @Test
    void aShortRequestWithoutMaxTokensStartsShortAndMigratesWhenItOutgrowsTheTier() throws Exception {
        try (Http http = serve("fit-predicted")) {
            JsonNode shortOne = http.postJson("/v1/completions", open(""));
            assertThat(shortOne.path("sluice").path("tier").toString()).isEqualTo("[8192]");
            assertThat(shortOne.path("choices").get(0).path("finish_reason").asText())
                    .isEqualTo("stop");

            JsonNode longOne = http.postJson("/v1/completions", open(",\"min_tokens\":8500"));
            assertThat(longOne.path("sluice").path("tier").toString()).isEqualTo("[8192,32768]");
            JsonNode migration = longOne.path("sluice").path("migrations").get(0);
            assertThat(migration.path("from_tier").asInt()).isEqualTo(8192);
            assertThat(migration.path("to_tier").asInt()).isEqualTo(32768);
            assertThat(longOne.path("usage").path("completion_tokens").asInt()).isGreaterThanOrEqualTo(8500);
            assertThat(longOne.path("choices").get(0).path("finish_reason").asText())
                    .isEqualTo("stop");
        }
    }

    @Test
    void fitTotalTakesAnOpenLimitAtItsWordAndSendsItToTheLongestTier() throws Exception {
        try (Http http = serve("fit-total")) {
            assertThat(http.postJson("/v1/completions", open(""))
                            .path("sluice")
                            .path("tier")
                            .toString())
                    .isEqualTo("[32768]");
        }
    }
}
