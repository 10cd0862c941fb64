package dev.sluice.protocol.openai;

import java.util.Objects;

/** {@code POST /v1/completions}: a text or token-id prompt. */
public record CompletionRequest(String model, Prompt prompt, boolean echo, GenerationParams params)
        implements OpenAiRequest {
    public CompletionRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(params, "params");
    }

    /** A prompt as text or as token ids. */
    public sealed interface Prompt {
        record Text(String text) implements Prompt {}

        record Tokens(int[] ids) implements Prompt {
            public Tokens {
                ids = ids.clone();
            }

            @Override
            public int[] ids() {
                return ids.clone();
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Tokens t && java.util.Arrays.equals(ids, t.ids);
            }

            @Override
            public int hashCode() {
                return java.util.Arrays.hashCode(ids);
            }

            @Override
            public String toString() {
                return "Tokens[" + ids.length + "]";
            }
        }
    }
}
