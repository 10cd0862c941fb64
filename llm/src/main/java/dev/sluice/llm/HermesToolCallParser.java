package dev.sluice.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds tool calls in the Hermes format (Qwen, Hermes and many others:
 * {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}) in text that arrives in pieces.
 *
 * <p>Text outside calls passes through as soon as it cannot be part of a call; only a tail that may be the start of
 * {@code <tool_call>}, and trailing white space, wait for what follows. White space around a run of calls is dropped,
 * as the model writes it only to set the calls apart, except one run of it that still separates text before the calls
 * from text after them. A block that is not a JSON object with a string {@code name} stays text, exactly as generated,
 * and so does a call the text ends inside. Feeding the same text in any split gives the same content and calls: the
 * streaming and the whole response agree.
 */
final class HermesToolCallParser {
    private static final String OPEN = "<tool_call>";
    private static final String CLOSE = "</tool_call>";

    /** What a piece of text yields: content to show now and the calls completed by it. */
    record Output(String content, List<ToolCall> calls) {
        static final Output EMPTY = new Output("", List.of());
    }

    private final ObjectMapper json;
    private final Supplier<String> ids;
    private final StringBuilder held = new StringBuilder();
    /** Inside a call: {@link #held} is its body so far. */
    private boolean inCall;
    /** Only white space since the last call, which is dropped unless text follows. */
    private boolean afterCall;
    /** The white space before the current run of calls: it separates the text before from any text after. */
    private String gap = "";

    HermesToolCallParser(ObjectMapper json, Supplier<String> ids) {
        this.json = json;
        this.ids = ids;
    }

    Output push(String text) {
        held.append(text);
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        while (inCall ? closeCall(content, calls) : openCall(content)) {
            // Each pass consumes one call boundary.
        }
        return content.isEmpty() && calls.isEmpty() ? Output.EMPTY : new Output(content.toString(), calls);
    }

    /** The end of the text: whatever was held back is content. */
    String finish() {
        String rest = inCall ? gap + OPEN + held : held.toString();
        held.setLength(0);
        inCall = false;
        return rest;
    }

    /** Outside a call: emits text up to the next call, which it enters, or up to what must wait. */
    private boolean openCall(StringBuilder content) {
        boolean callFollowsCall = false;
        if (afterCall) {
            int text = 0;
            while (text < held.length() && Character.isWhitespace(held.charAt(text))) {
                text++;
            }
            held.delete(0, text);
            if (held.isEmpty() || (held.length() < OPEN.length() && OPEN.startsWith(held.toString()))) {
                return false;
            }
            afterCall = false;
            callFollowsCall = held.indexOf(OPEN) == 0;
            if (!callFollowsCall) {
                content.append(gap);
            }
        }
        int start = held.indexOf(OPEN);
        if (start < 0) {
            int emit = trimEnd(held.length() - partialOpen());
            content.append(held, 0, emit);
            held.delete(0, emit);
            return false;
        }
        if (!callFollowsCall) {
            int end = trimEnd(start);
            content.append(held, 0, end);
            gap = held.substring(end, start);
        }
        held.delete(0, start + OPEN.length());
        inCall = true;
        return true;
    }

    /** Inside a call: once its end has arrived, emits the call (or the block as text when it is not a call). */
    private boolean closeCall(StringBuilder content, List<ToolCall> calls) {
        int end = held.indexOf(CLOSE);
        if (end < 0) {
            return false;
        }
        String body = held.substring(0, end);
        held.delete(0, end + CLOSE.length());
        inCall = false;
        Optional<ToolCall> call = call(body);
        if (call.isPresent()) {
            calls.add(call.get());
            afterCall = true;
        } else {
            content.append(gap).append(OPEN).append(body).append(CLOSE);
        }
        return true;
    }

    private Optional<ToolCall> call(String body) {
        try {
            JsonNode call = json.readTree(body);
            if (call == null || !call.isObject() || !call.path("name").isTextual()) {
                return Optional.empty();
            }
            JsonNode args = call.path("arguments");
            String arguments = args.isTextual()
                    ? args.asText()
                    : json.writeValueAsString(args.isMissingNode() ? json.createObjectNode() : args);
            return Optional.of(new ToolCall(ids.get(), call.get("name").asText(), arguments));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Length of the longest tail of {@link #held} that {@code <tool_call>} could start with. */
    private int partialOpen() {
        for (int n = Math.min(OPEN.length() - 1, held.length()); n > 0; n--) {
            if (held.substring(held.length() - n).equals(OPEN.substring(0, n))) {
                return n;
            }
        }
        return 0;
    }

    private int trimEnd(int end) {
        while (end > 0 && Character.isWhitespace(held.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
