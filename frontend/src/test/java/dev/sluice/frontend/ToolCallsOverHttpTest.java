package dev.sluice.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tool calls in what the model generates, through the real preprocessor and HTTP server, read by a plain HTTP client
 * and by the official OpenAI SDK: streamed as {@code delta.tool_calls}, whole as {@code message.tool_calls}, both
 * ending with {@code finish_reason: "tool_calls"}, and the markup never shown as content.
 */
@Timeout(30)
class ToolCallsOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Two calls split across pieces at awkward places, after some text. */
    private static final List<String> PIECES = List.of(
            "Let me",
            " check.\n<tool",
            "_call>\n{\"name\": \"get_weather\", \"argu",
            "ments\": {\"city\": \"Paris\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": ",
            "{\"zone\": \"CET\"}}\n</tool_",
            "call>");

    private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";

    private final HttpFrontend server =
            HttpFrontend.start(FrontendConfig.of("127.0.0.1", 0), new ScriptedModel(PIECES), new FrontendMetrics());
    private final String base = "http://127.0.0.1:" + server.port();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String extra) throws Exception {
        String body =
                "{\"model\":\"scripted\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]" + extra + "}";
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static List<JsonNode> events(String sse) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                out.add(JSON.readTree(line.substring(6)));
            }
        }
        return out;
    }

    @Test
    void aStreamCarriesTheCallsAsToolCallDeltasAndEndsWithToolCalls() throws Exception {
        HttpResponse<String> res = post(TOOLS + ",\"stream\":true");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).doesNotContain("tool_call>").endsWith("data: [DONE]\n\n");
        StringBuilder content = new StringBuilder();
        List<JsonNode> calls = new ArrayList<>();
        List<String> finishes = new ArrayList<>();
        for (JsonNode event : events(res.body())) {
            JsonNode choice = event.path("choices").get(0);
            JsonNode delta = choice.path("delta");
            content.append(delta.path("content").asText(""));
            delta.path("tool_calls").forEach(calls::add);
            if (!choice.path("finish_reason").isNull()) {
                finishes.add(choice.path("finish_reason").asText());
            }
        }
        assertThat(content).hasToString("Let me check.");
        assertThat(finishes).containsExactly("tool_calls");
        assertThat(calls).extracting(c -> c.path("index").asInt()).containsExactly(0, 1);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.path("id").asText()).matches("call_[0-9a-f]{24}");
            assertThat(c.path("type").asText()).isEqualTo("function");
        });
        assertThat(calls)
                .extracting(c -> c.path("function").path("name").asText())
                .containsExactly("get_weather", "get_time");
        assertThat(calls)
                .extracting(c -> c.path("function").path("arguments").asText())
                .containsExactly("{\"city\":\"Paris\"}", "{\"zone\":\"CET\"}");
    }

    @Test
    void theWholeResponseHasTheSameCallsAndTheSameContent() throws Exception {
        JsonNode body = JSON.readTree(post(TOOLS).body());
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Let me check.");
        JsonNode calls = choice.path("message").path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).has("index"))
                .as("only streamed calls carry an index")
                .isFalse();
        assertThat(calls.get(1).path("function").path("arguments").asText()).isEqualTo("{\"zone\":\"CET\"}");
    }

    @Test
    void withoutToolsOrWithToolChoiceNoneTheTextIsPlainContent() throws Exception {
        for (String extra : List.of("", TOOLS + ",\"tool_choice\":\"none\"")) {
            JsonNode choice = JSON.readTree(post(extra).body()).path("choices").get(0);
            assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
            assertThat(choice.path("message").path("content").asText()).isEqualTo(String.join("", PIECES));
            assertThat(choice.path("message").has("tool_calls")).isFalse();
        }
    }

    @Test
    void theOpenAiSdkAccumulatesTheStreamedCallsAndParsesTheWholeOne() {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(base + "/v1")
                .apiKey("unused")
                .maxRetries(0)
                .build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model(ScriptedModel.NAME)
                    .addUserMessage("Weather in Paris?")
                    .addFunctionTool(
                            FunctionDefinition.builder().name("get_weather").build())
                    .build();
            ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
            try (StreamResponse<ChatCompletionChunk> stream =
                    client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(accumulator::accumulate);
            }
            ChatCompletion streamed = accumulator.chatCompletion();
            ChatCompletion whole = client.chat().completions().create(params);
            for (ChatCompletion c : List.of(streamed, whole)) {
                ChatCompletion.Choice choice = c.choices().getFirst();
                assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
                assertThat(choice.message().content()).contains("Let me check.");
                List<ChatCompletionMessageFunctionToolCall> calls = choice.message().toolCalls().orElseThrow().stream()
                        .map(ChatCompletionMessageToolCall::asFunction)
                        .toList();
                assertThat(calls).extracting(call -> call.function().name()).containsExactly("get_weather", "get_time");
                assertThat(calls.getFirst().function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
            }
        } finally {
            client.close();
        }
    }
}
