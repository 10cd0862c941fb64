package dev.sluice.llm;

import java.util.Objects;

/** A function call the model made: its id, the function's name and the arguments as a JSON text, as OpenAI sends them. */
public record ToolCall(String id, String name, String argumentsJson) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
    }
}
