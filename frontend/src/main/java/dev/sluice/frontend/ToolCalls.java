package dev.sluice.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool calls in generated text, in the Hermes format Qwen and many others emit:
 * {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}. A response whose text holds such calls becomes an
 * assistant message with {@code tool_calls} (arguments as a JSON string, as OpenAI sends them), the rest of the text
 * as content, and {@code finish_reason: "tool_calls"}. Text that does not parse stays text.
 */
final class ToolCalls {
    private static final Pattern CALL = Pattern.compile("<tool_call>\\s*(\\{.*?})\\s*</tool_call>", Pattern.DOTALL);

    private ToolCalls() {}

    /** One parsed call. */
    record Call(String id, String name, String argumentsJson) {}

    /** The calls in {@code text} and the text around them; empty when it holds no well-formed call. */
    record Parsed(String content, List<Call> calls) {}

    static Optional<Parsed> parse(String text, ObjectMapper json) {
        Matcher m = CALL.matcher(text);
        List<Call> calls = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        int at = 0;
        while (m.find()) {
            try {
                JsonNode call = json.readTree(m.group(1));
                if (!call.path("name").isTextual()) {
                    return Optional.empty();
                }
                JsonNode args = call.path("arguments");
                String arguments = args.isTextual()
                        ? args.asText()
                        : json.writeValueAsString(args.isMissingNode() ? json.createObjectNode() : args);
                calls.add(new Call(
                        "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                        call.get("name").asText(),
                        arguments));
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
            rest.append(text, at, m.start());
            at = m.end();
        }
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        rest.append(text.substring(at));
        return Optional.of(new Parsed(rest.toString().strip(), calls));
    }
}
