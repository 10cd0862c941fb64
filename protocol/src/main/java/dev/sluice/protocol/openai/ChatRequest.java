package dev.sluice.protocol.openai;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/chat/completions}. Messages, tools and template arguments stay as plain maps and lists: they are
 * handed to the model's chat template as they came.
 */
public record ChatRequest(
        String model,
        List<Map<String, Object>> messages,
        Optional<List<Object>> tools,
        Optional<Object> toolChoice,
        Map<String, Object> chatTemplateKwargs,
        GenerationParams params)
        implements OpenAiRequest {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        chatTemplateKwargs = Map.copyOf(chatTemplateKwargs);
        Objects.requireNonNull(params, "params");
    }

    /** Whether the last message is the assistant's own (a prefill the model continues). */
    public boolean endsWithAssistant() {
        return !messages.isEmpty() && "assistant".equals(messages.getLast().get("role"));
    }
}
