package dev.sluice.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a response stream: the new token ids, the text they decode to (filled in by the backend), and a finish
 * reason on the last output. {@code cachedTokens} is the number of prompt tokens served from the prefix cache, or -1
 * when this output does not report it. {@code logprobs} holds one entry per token when asked for.
 */
public record EngineOutput(
        int[] tokenIds,
        String text,
        Optional<FinishReason> finishReason,
        List<TokenLogprob> logprobs,
        int cachedTokens,
        Map<String, Object> disaggregatedParams,
        Optional<String> error) {

    public EngineOutput {
        tokenIds = tokenIds.clone();
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        logprobs = List.copyOf(logprobs);
        disaggregatedParams = Map.copyOf(disaggregatedParams);
        Objects.requireNonNull(error, "error");
    }

    public static EngineOutput tokens(int... ids) {
        return new EngineOutput(ids, "", Optional.empty(), List.of(), -1, Map.of(), Optional.empty());
    }

    public static EngineOutput finished(FinishReason reason, int... ids) {
        return new EngineOutput(ids, "", Optional.of(reason), List.of(), -1, Map.of(), Optional.empty());
    }

    public static EngineOutput failed(String message) {
        return new EngineOutput(
                new int[0], "", Optional.of(FinishReason.ERROR), List.of(), -1, Map.of(), Optional.of(message));
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    public int tokenCount() {
        return tokenIds.length;
    }

    public boolean isFinal() {
        return finishReason.isPresent();
    }

    public EngineOutput withText(String newText) {
        return new EngineOutput(tokenIds, newText, finishReason, logprobs, cachedTokens, disaggregatedParams, error);
    }

    public EngineOutput withTokens(int[] ids, List<TokenLogprob> lps) {
        return new EngineOutput(ids, text, finishReason, lps, cachedTokens, disaggregatedParams, error);
    }

    public EngineOutput withFinish(Optional<FinishReason> reason) {
        return new EngineOutput(tokenIds, text, reason, logprobs, cachedTokens, disaggregatedParams, error);
    }

    public EngineOutput withCachedTokens(int cached) {
        return new EngineOutput(tokenIds, text, finishReason, logprobs, cached, disaggregatedParams, error);
    }

    public EngineOutput withDisaggregatedParams(Map<String, Object> params) {
        return new EngineOutput(tokenIds, text, finishReason, logprobs, cachedTokens, params, error);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineOutput e
                && Arrays.equals(tokenIds, e.tokenIds)
                && text.equals(e.text)
                && finishReason.equals(e.finishReason)
                && logprobs.equals(e.logprobs)
                && cachedTokens == e.cachedTokens
                && disaggregatedParams.equals(e.disaggregatedParams)
                && error.equals(e.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokenIds), text, finishReason, cachedTokens);
    }

    @Override
    public String toString() {
        return "EngineOutput[tokens=" + Arrays.toString(tokenIds) + ", text=" + text + ", finish="
                + finishReason.map(Enum::name).orElse("-")
                + error.map(e -> ", error=" + e).orElse("") + "]";
    }
}
