package dev.sluice.llm;

import dev.sluice.tokenizer.Tokenizer;
import java.util.List;
import java.util.Objects;

/** What the preprocessor and backend need to know about a served model. */
public record ModelInfo(
        String name,
        int contextLength,
        Tokenizer tokenizer,
        PromptRenderer template,
        List<Integer> eosTokenIds,
        String checksum) {
    public ModelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(template, "template");
        eosTokenIds = List.copyOf(eosTokenIds);
        Objects.requireNonNull(checksum, "checksum");
        if (contextLength <= 0) {
            throw new IllegalArgumentException("context length " + contextLength + " must be positive");
        }
    }
}
