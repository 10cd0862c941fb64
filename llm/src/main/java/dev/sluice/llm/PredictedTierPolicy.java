package dev.sluice.llm;

import java.util.NavigableSet;
import java.util.OptionalInt;

/**
 * {@code fit-predicted}: the smallest tier that holds the prompt plus the output this prompt's length class is
 * predicted to need (capped by {@code max_tokens}), learned online from sequences that ended on their own. A client
 * that sends no {@code max_tokens}, or a huge one, is placed by what requests like it really generate, and migrates
 * if it outgrows that tier.
 */
final class PredictedTierPolicy implements TierPolicy {
    private final OutputLengthPredictor predictor;

    PredictedTierPolicy(OutputLengthPredictor predictor) {
        this.predictor = predictor;
    }

    @Override
    public OptionalInt choose(NavigableSet<Integer> liveTiers, Demand demand) {
        return TierPolicy.smallestHolding(liveTiers, demand.promptTokens(), expectedOutput(demand));
    }

    @Override
    public int expectedOutput(Demand demand) {
        return (int) Math.min(demand.maxTokens(), predictor.predict(demand.promptTokens()));
    }

    @Override
    public void finished(int promptTokens, int generatedTokens) {
        predictor.observe(promptTokens, generatedTokens);
    }
}
