package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Overload ends in early refusals, never client timeouts: a tiny tier (64 blocks of 16 tokens) is offered many more
 * concurrent requests than its KV holds, over real HTTP. Every answer is a 200 or a 429 with {@code Retry-After} and an
 * OpenAI error body, and once all are answered nothing stays committed.
 */
@Timeout(120)
class AdmissionEndToEndTest {
    private static final String MODEL = "Qwen/Qwen3-0.6B";
    private static final int REQUESTS = 24;
    private Http server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void moreConcurrentRequestsThanTheTierHoldsAreServedOrRefusedWith429() throws Exception {
        server = new Http(
                "--context-length",
                "1024",
                "--tier",
                "1024=1",
                "--num-gpu-blocks",
                "64",
                "--block-size",
                "16",
                "--speedup-ratio",
                "20",
                "--router",
                "round-robin",
                "--admission-high-water",
                "0.9",
                "--queue-depth",
                "4",
                "--queue-timeout",
                "0.5");
        // Each commits its prompt plus 200 tokens: about 4 fit under 0.9 of 1024 tokens, 4 more may wait.
        String body = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                + "\"max_tokens\":200}";
        String streaming = body.substring(0, body.length() - 1) + ",\"stream\":true}";
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                // every other one streams: its refusal, too, comes before any event
                String b = i % 2 == 0 ? body : streaming;
                sent.add(pool.submit(() -> server.post("/v1/chat/completions", b)));
            }
            for (Future<HttpResponse<String>> f : sent) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
        }
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 429));
        List<HttpResponse<String>> refused =
                answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).isNotEmpty();
        assertThat(answers).anySatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        for (HttpResponse<String> r : refused) {
            assertThat(r.headers().firstValue("retry-after"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isGreaterThanOrEqualTo(1));
            JsonNode error = Http.JSON.readTree(r.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
            assertThat(error.path("code").asText()).isEqualTo("kv_capacity_exceeded");
            assertThat(error.path("message").asText()).contains("1024-token tier");
        }
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 200 && r.body().startsWith("data:")) {
                assertThat(r.body()).endsWith("data: [DONE]\n\n");
            } else if (r.statusCode() == 200) {
                JsonNode usage = Http.JSON.readTree(r.body()).path("usage");
                assertThat(usage.path("completion_tokens").asInt()).isEqualTo(200);
            }
        }

        String metrics = server.get("/metrics").body();
        assertThat(gauge(metrics, "sluice_tier_committed_kv_tokens")).isZero();
        assertThat(gauge(metrics, "sluice_tier_capacity_kv_tokens")).isEqualTo(1024);
        assertThat(gauge(metrics, "sluice_tier_admission_queue_length")).isZero();
        assertThat(metrics).contains("sluice_tier_admission_refusals_total{");
        assertThat(metrics).contains("sluice_tier_admission_wait_seconds_bucket{");
        // The server still serves once the burst is over.
        assertThat(server.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*tier=\"1024\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
