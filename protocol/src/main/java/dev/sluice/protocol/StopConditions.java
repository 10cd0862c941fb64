package dev.sluice.protocol;

import java.util.List;

/**
 * When generation ends. {@code maxTokens} is always resolved (the preprocessor fills in what the context allows);
 * {@code stopTokenIds} end the sequence like EOS; {@code stop} strings are matched on text and never shown.
 */
public record StopConditions(
        int maxTokens, int minTokens, List<String> stop, List<Integer> stopTokenIds, boolean ignoreEos) {
    public StopConditions {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens " + maxTokens + " is negative");
        }
        if (minTokens < 0 || minTokens > maxTokens) {
            throw new IllegalArgumentException("minTokens " + minTokens + " is outside [0, " + maxTokens + "]");
        }
        stop = List.copyOf(stop);
        stopTokenIds = List.copyOf(stopTokenIds);
    }

    public static StopConditions maxTokens(int maxTokens) {
        return new StopConditions(maxTokens, 0, List.of(), List.of(), false);
    }

    /** The same conditions with {@code generated} tokens already produced (for a continuation). */
    public StopConditions afterGenerated(int generated) {
        return new StopConditions(
                Math.max(0, maxTokens - generated), Math.max(0, minTokens - generated), stop, stopTokenIds, ignoreEos);
    }
}
