package dev.sluice.llm;

import java.util.NavigableSet;
import java.util.OptionalInt;

/**
 * Chooses the decode tier for a sequence of {@code promptTokens} that may grow by {@code maxTokens}. Empty when no
 * live tier holds even {@code promptTokens + 1}.
 */
@FunctionalInterface
public interface TierPolicy {
    OptionalInt choose(NavigableSet<Integer> liveTiers, int promptTokens, int maxTokens);

    /** The smallest tier that holds prompt and completion; else the smallest that holds the prompt (it migrates later). */
    TierPolicy FIT_TOTAL = (tiers, p, m) -> {
        Integer fits = tiers.ceiling(p + m);
        if (fits != null) {
            return OptionalInt.of(fits);
        }
        Integer holdsPrompt = tiers.higher(p);
        return holdsPrompt == null ? OptionalInt.empty() : OptionalInt.of(holdsPrompt);
    };

    /** Always the smallest tier that holds the prompt; long completions migrate. */
    TierPolicy FIT_PROMPT = (tiers, p, m) -> {
        Integer holdsPrompt = tiers.higher(p);
        return holdsPrompt == null ? OptionalInt.empty() : OptionalInt.of(holdsPrompt);
    };

    static TierPolicy named(String name) {
        return switch (name) {
            case "fit-total" -> FIT_TOTAL;
            case "fit-prompt" -> FIT_PROMPT;
            default ->
                throw new IllegalArgumentException("tier policy '" + name + "' is not one of fit-total, fit-prompt");
        };
    }
}
