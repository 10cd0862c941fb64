package dev.sluice.llm;

import java.util.NavigableSet;
import java.util.OptionalInt;

/**
 * Chooses the decode tier for a sequence of {@code promptTokens} that may grow by up to {@code maxTokens}. Empty when
 * no live tier holds even {@code promptTokens + 1}. A policy that learns is told of every sequence that ended on its
 * own ({@link #finished}).
 */
public interface TierPolicy {
    OptionalInt choose(NavigableSet<Integer> liveTiers, Demand demand);

    /**
     * The output this policy expects of {@code demand}, which a tier's admission commits as KV: {@code max_tokens}
     * (or what the context leaves) unless the policy predicts less.
     */
    default int expectedOutput(Demand demand) {
        return demand.maxTokens();
    }

    /** A sequence of {@code promptTokens} ended on its own after {@code generatedTokens}. */
    default void finished(int promptTokens, int generatedTokens) {}

    /**
     * What a request may need: its prompt, its {@code max_tokens}, and whether the client set that (most clients
     * send none, and the limit is then what the context leaves).
     */
    record Demand(int promptTokens, int maxTokens, boolean maxTokensGiven) {
        public static Demand of(int promptTokens, int maxTokens) {
            return new Demand(promptTokens, maxTokens, true);
        }
    }

    /** The smallest tier that holds prompt and completion; else the smallest that holds the prompt (it migrates later). */
    TierPolicy FIT_TOTAL = (tiers, d) -> smallestHolding(tiers, d.promptTokens(), d.maxTokens());

    /** Always the smallest tier that holds the prompt; long completions migrate. */
    TierPolicy FIT_PROMPT = (tiers, d) -> smallestHolding(tiers, d.promptTokens(), 0);

    /** The smallest tier holding {@code prompt + output}, else the smallest holding the prompt. */
    static OptionalInt smallestHolding(NavigableSet<Integer> tiers, int prompt, long output) {
        long total = prompt + output;
        Integer fits = total > Integer.MAX_VALUE ? null : tiers.ceiling((int) total);
        if (fits != null && fits > prompt) {
            return OptionalInt.of(fits);
        }
        Integer holdsPrompt = tiers.higher(prompt);
        return holdsPrompt == null ? OptionalInt.empty() : OptionalInt.of(holdsPrompt);
    }

    /** The policies of {@code --tier-policy}; a learning one is made per pipeline. */
    enum Kind {
        FIT_TOTAL("fit-total"),
        FIT_PROMPT("fit-prompt"),
        FIT_PREDICTED("fit-predicted");

        private final String flag;

        Kind(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }

        public TierPolicy create() {
            return switch (this) {
                case FIT_TOTAL -> TierPolicy.FIT_TOTAL;
                case FIT_PROMPT -> TierPolicy.FIT_PROMPT;
                case FIT_PREDICTED -> new PredictedTierPolicy(new OutputLengthPredictor());
            };
        }

        public static Kind named(String name) {
            for (Kind k : values()) {
                if (k.flag.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "tier policy '" + name + "' is not one of fit-total, fit-prompt, fit-predicted");
        }
    }
}
