package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The whole server over real HTTP: {@code sluice serve} in this JVM on a free loopback port, a real HTTP client. */
@Timeout(60)
class ServeEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "Qwen/Qwen3-0.6B";
    static EmbeddedDeployment deployment;

    static Http server;

    @BeforeAll
    static void start() {
        server = new Http(
                "--context-length",
                "32768",
                "--tier",
                "32768=2",
                "--speedup-ratio",
                "10000",
                "--num-gpu-blocks",
                "2048",
                "--block-size",
                "16",
                "--max-body-bytes",
                "200000");
        deployment = server.deployment;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return server.post(path, body);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return server.get(path);
    }

    static String chat(String extra) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]" + extra + "}";
    }

    @Test
    void healthAndModels() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        JsonNode models = JSON.readTree(get("/v1/models").body());
        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data").get(0).path("id").asText()).isEqualTo(MODEL);
        assertThat(models.path("data").get(0).path("context_length").asInt()).isEqualTo(32768);
    }

    @Test
    void nonStreamingChatReturnsTextAndUsage() throws Exception {
        HttpResponse<String> res = post("/v1/chat/completions", chat(",\"max_tokens\":5"));
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isNotEmpty();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isGreaterThan(3);
        assertThat(body.path("usage").path("total_tokens").asInt())
                .isEqualTo(body.path("usage").path("prompt_tokens").asInt() + 5);
    }

    @Test
    void streamingChatEndsWithDoneAndExactlyOneFinishReason() throws Exception {
        HttpResponse<String> res = post(
                "/v1/chat/completions",
                chat(",\"max_tokens\":7,\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(res.body()).endsWith("data: [DONE]\n\n");
        List<JsonNode> chunks = Http.events(res.body());
        assertThat(chunks.getFirst()
                        .path("choices")
                        .get(0)
                        .path("delta")
                        .path("role")
                        .asText())
                .isEqualTo("assistant");
        assertThat(chunks.stream()
                        .filter(c -> c.path("choices").size() > 0
                                && !c.path("choices")
                                        .get(0)
                                        .path("finish_reason")
                                        .isNull()))
                .hasSize(1);
        JsonNode usage = chunks.getLast().path("usage");
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(7);
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
    }

    @Test
    void completionsAcceptTextAndTokenPrompts() throws Exception {
        HttpResponse<String> text =
                post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once upon\",\"max_tokens\":3}");
        assertThat(text.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(text.body());
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(2);
        HttpResponse<String> tokens =
                post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":[9707,11,1879],\"max_tokens\":4}");
        assertThat(JSON.readTree(tokens.body())
                        .path("usage")
                        .path("prompt_tokens")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void annotationsReportPromptTokensAndWorker() throws Exception {
        JsonNode body = JSON.readTree(post(
                        "/v1/chat/completions",
                        chat(
                                ",\"max_tokens\":2,\"sluice\":{\"annotations\":[\"formatted_prompt\",\"token_ids\",\"worker\",\"bogus\"]}"))
                .body());
        JsonNode sluice = body.path("sluice");
        assertThat(sluice.path("formatted_prompt").asText())
                .contains("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n");
        assertThat(sluice.path("token_ids").size())
                .isEqualTo(body.path("usage").path("prompt_tokens").asInt());
        long worker = sluice.path("worker").get(0).asLong();
        assertThat(deployment.workers())
                .anySatisfy(w -> assertThat(w.instanceId()).isEqualTo(worker));
        assertThat(sluice.has("bogus")).isFalse();
    }

    @Test
    void aClientThatDisconnectsMidStreamFreesItsBlocks() throws Exception {
        SimulatedWorker worker = deployment.workers().getFirst();
        HttpResponse<InputStream> res = server.postStreaming(
                "/v1/chat/completions",
                chat(",\"max_tokens\":30000,\"ignore_eos\":true,\"stream\":true,\"sluice\":{\"worker\":"
                        + worker.instanceId() + "}"));
        Http.readEventsThenLeave(
                res.body(), 5, () -> assertThat(worker.usedBlocks()).isGreaterThan(0));
        server.assertAllBlocksFreed();
    }

    @Test
    void metricsAreExposedInPrometheusText() throws Exception {
        post("/v1/chat/completions", chat(",\"max_tokens\":3,\"stream\":true"));
        String text = get("/metrics").body();
        assertThat(text)
                .contains(
                        "sluice_requests_total",
                        "sluice_requests_in_flight",
                        "sluice_time_to_first_token_seconds_bucket",
                        "sluice_inter_token_latency_seconds_bucket");
    }

    @Test
    void logprobsAndEcho() throws Exception {
        JsonNode chat = JSON.readTree(
                post("/v1/chat/completions", chat(",\"max_tokens\":4,\"logprobs\":true,\"top_logprobs\":2"))
                        .body());
        JsonNode content = chat.path("choices").get(0).path("logprobs").path("content");
        assertThat(content.size()).isEqualTo(4);
        assertThat(content).allSatisfy(t -> {
            assertThat(t.path("logprob").asDouble()).isNegative();
            assertThat(t.path("top_logprobs").size()).isEqualTo(2);
            assertThat(t.path("token").isTextual()).isTrue();
        });
        JsonNode text = JSON.readTree(post(
                        "/v1/completions",
                        "{\"model\":\"" + MODEL
                                + "\",\"prompt\":\"Once upon\",\"max_tokens\":3,\"echo\":true,\"logprobs\":1}")
                .body());
        assertThat(text.path("choices").get(0).path("text").asText()).startsWith("Once upon");
        assertThat(text.path("choices").get(0).path("logprobs").path("tokens").size())
                .isEqualTo(3);
    }

    @Test
    void aBatchOfPromptsGivesOneChoicePerPrompt() throws Exception {
        JsonNode body = JSON.readTree(post(
                        "/v1/completions",
                        "{\"model\":\"" + MODEL
                                + "\",\"prompt\":[\"Once upon\",\"Hello there friend\"],\"max_tokens\":3}")
                .body());
        assertThat(body.path("choices").size()).isEqualTo(2);
        assertThat(body.path("choices").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(2 + 3);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(6);
        HttpResponse<String> streamed = post(
                "/v1/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":[[9707,11],[9707,11,1879]],\"max_tokens\":2,\"stream\":true}");
        long finishes = streamed.body()
                .lines()
                .filter(l -> l.contains("\"finish_reason\":\"length\""))
                .count();
        assertThat(finishes).isEqualTo(2);
        assertThat(streamed.body()).contains("\"index\":1").endsWith("data: [DONE]\n\n");
    }

    @Test
    void aToolCallConversationAsOpenAiClientsSendItRendersWithQwen3() throws Exception {
        String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":2,\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}],"
                + "\"sluice\":{\"annotations\":[\"formatted_prompt\"]}}";
        HttpResponse<String> res = post("/v1/chat/completions", body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        String prompt = JSON.readTree(res.body())
                .path("sluice")
                .path("formatted_prompt")
                .asText();
        assertThat(prompt).contains("<tool_call>", "get_weather", "<tool_response>\nsunny\n</tool_response>");
    }
}
