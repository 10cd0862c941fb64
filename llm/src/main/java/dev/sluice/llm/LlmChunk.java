package dev.sluice.llm;

import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.TokenLogprob;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pipeline hands the frontend: a text delta, and on the last chunk the finish reason, usage and the
 * requested {@code sluice} annotations. The frontend shapes it into a chat or completion chunk, or aggregates.
 */
public record LlmChunk(
        String text,
        int tokenCount,
        List<TokenLogprob> logprobs,
        Optional<FinishReason> finishReason,
        Optional<Usage> usage,
        Map<String, Object> annotations) {
    public LlmChunk {
        logprobs = List.copyOf(logprobs);
        annotations = Map.copyOf(annotations);
    }

    public static LlmChunk delta(String text, int tokenCount, List<TokenLogprob> logprobs) {
        return new LlmChunk(text, tokenCount, logprobs, Optional.empty(), Optional.empty(), Map.of());
    }

    public boolean isFinal() {
        return finishReason.isPresent();
    }

    /** Token counts as OpenAI reports them. */
    public record Usage(int promptTokens, int completionTokens, int cachedTokens) {
        public int totalTokens() {
            return promptTokens + completionTokens;
        }
    }
}
