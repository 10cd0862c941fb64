package dev.sluice.protocol.openai;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parameters chat and text completions share, after validation. {@code maxTokens} is empty when the client left it to
 * the context length. {@code annotations} and {@code pinnedWorker} come from the {@code "sluice"} extension object.
 */
public record GenerationParams(
        OptionalInt maxTokens,
        int minTokens,
        double temperature,
        double topP,
        int topK,
        OptionalLong seed,
        int n,
        List<String> stop,
        boolean ignoreEos,
        int logprobs,
        boolean stream,
        boolean includeUsage,
        Set<String> annotations,
        OptionalLong pinnedWorker) {
    public GenerationParams {
        stop = List.copyOf(stop);
        annotations = Set.copyOf(annotations);
    }
}
