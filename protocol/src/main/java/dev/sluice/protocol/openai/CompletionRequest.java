package dev.sluice.protocol.openai;

import java.util.List;
import java.util.Objects;

/**
 * {@code POST /v1/completions}: one or several prompts (text or token ids). A request with several prompts is split
 * into single-prompt requests whose results become the choices of one response.
 */
public record CompletionRequest(String model, List<Prompt> prompts, boolean echo, GenerationParams params)
        implements OpenAiRequest {
    public CompletionRequest {
        Objects.requireNonNull(model, "model");
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("a completion needs at least one prompt");
        }
        Objects.requireNonNull(params, "params");
    }

    public CompletionRequest(String model, Prompt prompt, boolean echo, GenerationParams params) {
        this(model, List.of(prompt), echo, params);
    }

    /** The prompt of a single-prompt request. */
    public Prompt prompt() {
        if (prompts.size() != 1) {
            throw new IllegalStateException("a batch of " + prompts.size() + " prompts must be split first");
        }
        return prompts.getFirst();
    }

    /** One request per prompt, in order. */
    public List<CompletionRequest> split() {
        return prompts.stream()
                .map(p -> new CompletionRequest(model, p, echo, params))
                .toList();
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
