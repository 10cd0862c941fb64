package dev.sluice.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.protocol.SluiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns request JSON into validated {@link OpenAiRequest}s. Every refusal is a {@link SluiceException} whose message
 * and {@code param} name the offending field, so the client gets a 400 that says what to fix.
 */
public final class OpenAiRequestParser {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high");

    private OpenAiRequestParser() {}

    public static ChatRequest chat(JsonNode body) {
        Fields f = new Fields(requireObject(body));
        String model = f.requiredString("model");
        JsonNode messages = f.node("messages");
        if (messages == null || messages.isNull()) {
            throw SluiceException.invalid("messages", "'messages' is required");
        }
        if (!messages.isArray()) {
            throw SluiceException.invalid("messages", "'messages' must be an array");
        }
        if (messages.isEmpty()) {
            throw SluiceException.invalid("messages", "'messages' must contain at least one message");
        }
        List<Map<String, Object>> parsed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            parsed.add(message(messages.get(i), "messages[" + i + "]"));
        }
        Optional<List<Object>> tools = Optional.empty();
        JsonNode toolsNode = f.node("tools");
        if (toolsNode != null && !toolsNode.isNull()) {
            if (!toolsNode.isArray()) {
                throw SluiceException.invalid("tools", "'tools' must be an array");
            }
            tools = Optional.of(plainList(toolsNode));
        }
        Optional<Object> toolChoice =
                f.present("tool_choice") ? Optional.of(plain(f.node("tool_choice"))) : Optional.empty();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        if (f.present("reasoning_effort")) {
            kwargs.put("reasoning_effort", reasoningEffort(f.node("reasoning_effort")));
        }
        if (f.present("chat_template_kwargs")) {
            kwargs.putAll(plainMap(f.object("chat_template_kwargs")));
        }
        rejectUnsupportedResponseFormat(f);
        return new ChatRequest(model, parsed, tools, toolChoice, kwargs, GenerationParamsParser.parse(f, true));
    }

    public static CompletionRequest completion(JsonNode body) {
        Fields f = new Fields(requireObject(body));
        String model = f.requiredString("model");
        JsonNode prompt = f.node("prompt");
        if (prompt == null || prompt.isNull()) {
            throw SluiceException.invalid("prompt", "'prompt' is required");
        }
        boolean echo = f.bool("echo", false);
        return new CompletionRequest(model, prompts(prompt), echo, GenerationParamsParser.parse(f, false));
    }

    /** Most prompts a batch may hold. */
    static final int MAX_BATCH = 64;

    private static List<CompletionRequest.Prompt> prompts(JsonNode node) {
        boolean batch = node.isArray()
                && node.size() > 1
                && (allOf(node, JsonNode::isTextual) || allOf(node, JsonNode::isArray));
        if (!batch) {
            return List.of(prompt(node));
        }
        if (node.size() > MAX_BATCH) {
            throw SluiceException.invalid("prompt", "'prompt' holds " + node.size() + " prompts; at most " + MAX_BATCH);
        }
        List<CompletionRequest.Prompt> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode p = node.get(i);
            out.add(p.isTextual() ? new CompletionRequest.Prompt.Text(p.asText()) : prompt(p));
        }
        return out;
    }

    private static boolean allOf(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode n : array) {
            if (!test.test(n)) {
                return false;
            }
        }
        return true;
    }

    private static CompletionRequest.Prompt prompt(JsonNode node) {
        if (node.isTextual()) {
            return new CompletionRequest.Prompt.Text(node.asText());
        }
        if (node.isArray() && node.size() == 1 && node.get(0).isTextual()) {
            return new CompletionRequest.Prompt.Text(node.get(0).asText());
        }
        if (node.isArray() && node.size() == 1 && node.get(0).isArray()) {
            return prompt(node.get(0));
        }
        if (node.isArray() && !node.isEmpty() && allInts(node)) {
            int[] ids = new int[node.size()];
            for (int i = 0; i < ids.length; i++) {
                long v = node.get(i).asLong();
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw SluiceException.invalid("prompt", "token id " + v + " at prompt[" + i + "] is out of range");
                }
                ids[i] = (int) v;
            }
            return new CompletionRequest.Prompt.Tokens(ids);
        }
        throw SluiceException.invalid("prompt", "'prompt' must be a string or an array of token ids");
    }

    private static boolean allInts(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> message(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw SluiceException.invalid(where, where + " must be an object");
        }
        JsonNode role = node.get("role");
        if (role == null || !role.isTextual()) {
            throw SluiceException.invalid(where + ".role", where + ".role is required and must be a string");
        }
        if (!ROLES.contains(role.asText())) {
            throw SluiceException.invalid(
                    where + ".role", where + ".role '" + role.asText() + "' is not one of " + ROLES);
        }
        Map<String, Object> message = plainMap(node);
        JsonNode content = node.get("content");
        if (content == null || content.isNull()) {
            // OpenAI clients send "content": null beside tool_calls; chat templates (Qwen3, Llama 3.1) fail on none.
            message.put("content", "");
        } else if (content.isArray()) {
            message.put("content", textOfParts(content, where));
        } else if (content != null && !content.isTextual() && !content.isNull()) {
            throw SluiceException.invalid(where + ".content", where + ".content must be a string or an array of parts");
        }
        if ("assistant".equals(role.asText())) {
            argumentsAsObjects(message);
        }
        return message;
    }

    /** OpenAI's {@code reasoning_effort}, handed to the template (gpt-oss's reads it) under the same name. */
    private static String reasoningEffort(JsonNode node) {
        if (!node.isTextual() || !EFFORTS.contains(node.asText())) {
            throw SluiceException.invalid(
                    "reasoning_effort", "'reasoning_effort' must be one of " + EFFORTS + "; got " + node);
        }
        return node.asText();
    }

    /**
     * OpenAI clients send a call's arguments as a JSON text; chat templates expect the object (Llama 3.1 and gpt-oss
     * print it with {@code tojson}, which would quote the text). Arguments that are not a JSON object stay as sent;
     * missing or empty ones become an empty object.
     */
    @SuppressWarnings("unchecked")
    private static void argumentsAsObjects(Map<String, Object> message) {
        if (!(message.get("tool_calls") instanceof List<?> calls)) {
            return;
        }
        for (Object call : calls) {
            if (call instanceof Map<?, ?> c && c.get("function") instanceof Map<?, ?> f) {
                Map<String, Object> function = (Map<String, Object>) f;
                Object arguments = function.get("arguments");
                if (arguments == null || "".equals(arguments)) {
                    function.put("arguments", new LinkedHashMap<>());
                } else if (arguments instanceof String text) {
                    parsedObject(text).ifPresent(parsed -> function.put("arguments", parsed));
                }
            }
        }
    }

    private static Optional<Object> parsedObject(String text) {
        try {
            JsonNode parsed = PLAIN.readTree(text);
            return parsed != null && parsed.isObject() ? Optional.of(plain(parsed)) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String textOfParts(JsonNode parts, String where) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            String type = part.path("type").asText("");
            if (!type.equals("text") || !part.path("text").isTextual()) {
                throw SluiceException.invalid(
                        where + ".content[" + i + "]",
                        where + ".content[" + i + "] of type '" + type + "' is not supported; only text parts are");
            }
            sb.append(part.get("text").asText());
        }
        return sb.toString();
    }

    private static void rejectUnsupportedResponseFormat(Fields f) {
        if (!f.present("response_format")) {
            return;
        }
        String type = f.object("response_format").path("type").asText("");
        if (!type.equals("text")) {
            throw SluiceException.invalid(
                    "response_format", "response_format type '" + type + "' is not supported; only 'text' is");
        }
    }

    private static JsonNode requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw SluiceException.invalid(null, "the request body must be a JSON object");
        }
        return body;
    }

    static Object plain(JsonNode node) {
        return PLAIN.convertValue(node, Object.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> plainMap(JsonNode node) {
        return new LinkedHashMap<>((Map<String, Object>) PLAIN.convertValue(node, Map.class));
    }

    @SuppressWarnings("unchecked")
    static List<Object> plainList(JsonNode node) {
        return (List<Object>) PLAIN.convertValue(node, List.class);
    }
}
