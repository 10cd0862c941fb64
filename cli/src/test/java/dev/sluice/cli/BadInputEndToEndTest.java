package dev.sluice.cli;

import static dev.sluice.cli.ServeEndToEndTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input over real HTTP: the right 4xx and an OpenAI error body naming the problem, never a 500 or a hang. */
@Timeout(60)
class BadInputEndToEndTest {
    static final String MODEL = "Qwen/Qwen3-0.6B";
    static EmbeddedDeployment deployment;

    static Http server;

    @BeforeAll
    static void start() {
        server = new Http(
                "--context-length",
                "4096",
                "--tier",
                "4096=1",
                "--speedup-ratio",
                "10000",
                "--num-gpu-blocks",
                "512",
                "--block-size",
                "16",
                "--max-body-bytes",
                "100000");
        deployment = server.deployment;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return server.send(method, path, body);
    }

    private static JsonNode assertError(HttpResponse<String> res, int status, String messagePart) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.body()).doesNotContain("at dev.sluice", "Exception");
        JsonNode error = JSON.readTree(res.body()).path("error");
        assertThat(error.path("message").asText()).contains(messagePart);
        assertThat(error.path("type").asText()).isNotEmpty();
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("code").asText()).isNotEmpty();
        return error;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{not json|400|not valid JSON",
                "[]|400|JSON object",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|400|'model' is required",
                "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|404|'nope' does not exist",
                "{\"model\":\"Qwen/Qwen3-0.6B\",\"messages\":[]}|400|at least one message",
                "{\"model\":\"Qwen/Qwen3-0.6B\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":-5}|400|max_tokens",
                "{\"model\":\"Qwen/Qwen3-0.6B\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1000000000000}|400|max_tokens",
                "{\"model\":\"Qwen/Qwen3-0.6B\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":100000}|400|maximum context length is 4096",
                "{\"model\":\"Qwen/Qwen3-0.6B\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}|400|temperature",
                "{\"model\":\"Qwen/Qwen3-0.6B\",\"messages\":[{\"role\":\"user\"}],\"stream\":1}|400|stream",
            })
    void badChatRequests(String body, int status, String messagePart) throws Exception {
        assertError(send("POST", "/v1/chat/completions", body), status, messagePart);
    }

    @Test
    void aPromptLongerThanTheContextIsRefused() throws Exception {
        String ids = Arrays.stream(new int[5000]).mapToObj(i -> "9707").collect(Collectors.joining(","));
        JsonNode error = assertError(
                send("POST", "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":[" + ids + "]}"),
                400,
                "maximum context length is 4096");
        assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        String big = "x".repeat(150_000);
        assertError(
                send(
                        "POST",
                        "/v1/chat/completions",
                        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}"),
                413,
                "exceeds the limit of 100000 bytes");
    }

    @Test
    void wrongMethodAndUnknownPath() throws Exception {
        assertError(send("GET", "/v1/chat/completions", null), 405, "not allowed");
        assertError(send("GET", "/v2/nothing", null), 404, "no such endpoint");
    }

    @Test
    void theServerStillServesAfterBadInput() throws Exception {
        send("POST", "/v1/chat/completions", "{broken");
        HttpResponse<String> ok = send(
                "POST",
                "/v1/chat/completions",
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":2}");
        assertThat(ok.statusCode()).isEqualTo(200);
    }
}
