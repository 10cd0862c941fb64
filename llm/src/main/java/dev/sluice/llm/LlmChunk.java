package dev.sluice.llm;

import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.TokenLogprob;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pipeline hands the frontend: a text delta, the tool calls it completed (when the request offered tools),
 * and on the last chunk the finish reason, usage and the requested {@code sluice} annotations. The frontend shapes it
 * into a chat or completion chunk, or aggregates.
 */
public record LlmChunk(
        String text,
        int tokenCount,
        List<TokenLogprob> logprobs,
        List<ToolCall> toolCalls,
        Optional<FinishReason> finishReason,
        Optional<Usage> usage,
        Map<String, Object> annotations) {
    public LlmChunk {
        logprobs = List.copyOf(logprobs);
        toolCalls = List.copyOf(toolCalls);
        annotations = Map.copyOf(annotations);
    }

    public static LlmChunk delta(String text, int tokenCount, List<TokenLogprob> logprobs) {
        return new LlmChunk(text, tokenCount, logprobs, List.of(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** This chunk with its text replaced and {@code calls} added. */
    public LlmChunk withOutput(String newText, List<ToolCall> calls) {
        return new LlmChunk(newText, tokenCount, logprobs, calls, finishReason, usage, annotations);
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
