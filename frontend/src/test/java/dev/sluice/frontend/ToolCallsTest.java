package dev.sluice.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.llm.LlmChunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hermesToolCallsBecomeOpenAiToolCalls() {
        String text =
                "Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>"
                        + "<tool_call>{\"name\": \"get_time\", \"arguments\": \"{}\"}</tool_call>";
        ToolCalls.Parsed p = ToolCalls.parse(text, JSON).orElseThrow();
        assertThat(p.content()).isEqualTo("Let me check.");
        assertThat(p.calls()).extracting(ToolCalls.Call::name).containsExactly("get_weather", "get_time");
        assertThat(p.calls().getFirst().argumentsJson()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(p.calls().get(1).argumentsJson()).isEqualTo("{}");
        assertThat(p.calls().getFirst().id()).startsWith("call_");
    }

    @Test
    void textWithoutWellFormedCallsStaysText() {
        assertThat(ToolCalls.parse("no calls here", JSON)).isEmpty();
        assertThat(ToolCalls.parse("<tool_call>{not json}</tool_call>", JSON)).isEmpty();
        assertThat(ToolCalls.parse("<tool_call>{\"arguments\": {}}</tool_call>", JSON))
                .isEmpty();
    }

    @Test
    void aWholeResponseCarriesToolCallsAndFinishReason() {
        ResponseShape shape = new ResponseShape(JSON, true, "chatcmpl-x", 1, "m", null);
        JsonNode body = shape.complete(
                "<tool_call>{\"name\": \"f\", \"arguments\": {\"a\": 1}}</tool_call>",
                List.of(),
                "stop",
                new LlmChunk.Usage(3, 4, 0),
                Map.of(),
                true);
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        assertThat(choice.path("message")
                        .path("tool_calls")
                        .get(0)
                        .path("function")
                        .path("name")
                        .asText())
                .isEqualTo("f");
        JsonNode plain = shape.complete(
                "<tool_call>{\"name\": \"f\"}</tool_call>",
                List.of(),
                "stop",
                new LlmChunk.Usage(3, 4, 0),
                Map.of(),
                false);
        assertThat(plain.path("choices").get(0).path("finish_reason").asText())
                .as("no tools in the request")
                .isEqualTo("stop");
    }
}
