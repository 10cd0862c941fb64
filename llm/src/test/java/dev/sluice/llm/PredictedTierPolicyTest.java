package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** fit-predicted places by what prompts like this one generate, learned from sequences that ended on their own. */
class PredictedTierPolicyTest {
    static final NavigableSet<Integer> TIERS = new TreeSet<>(java.util.List.of(8192, 32768, 131072));

    @Test
    void beforeLearningARequestWithoutMaxTokensIsPlacedByThePriorNotAtTheLongestTier() {
        TierPolicy p = TierPolicy.Kind.FIT_PREDICTED.create();
        TierPolicy.Demand open = new TierPolicy.Demand(500, 131072 - 500, false);
        assertThat(p.choose(TIERS, open)).hasValue(8192);
        assertThat(TierPolicy.FIT_TOTAL.choose(TIERS, open))
                .as("fit-total takes the context's leftover at its word")
                .hasValue(131072);
    }

    @Test
    void itLearnsThatLongAnswersFollowSomePromptsAndPlacesThoseHigher() {
        TierPolicy p = TierPolicy.Kind.FIT_PREDICTED.create();
        for (int i = 0; i < 100; i++) {
            p.finished(6000, 9000 + i); // prompts of 4k-8k tokens answer at length
            p.finished(300, 100 + i); // short prompts answer briefly
        }
        assertThat(p.choose(TIERS, new TierPolicy.Demand(6000, 125_000, false))).hasValue(32768);
        assertThat(p.choose(TIERS, new TierPolicy.Demand(300, 130_000, false))).hasValue(8192);
        // A client's own smaller max_tokens still caps the expectation.
        assertThat(p.choose(TIERS, new TierPolicy.Demand(6000, 500, true))).hasValue(8192);
    }

    @Test
    void aClassWithFewSamplesBorrowsFromAllAndTheQuantileHasHeadroom() {
        OutputLengthPredictor predictor = new OutputLengthPredictor();
        assertThat(predictor.predict(1000)).isEqualTo(OutputLengthPredictor.PRIOR_TOKENS);
        for (int i = 1; i <= 100; i++) {
            predictor.observe(20_000, i * 10); // outputs 10..1000, p90 = 900
        }
        int expected = predictor.predict(20_000);
        assertThat(expected).isBetween(900, (int) (1000 * 1.19 * OutputLengthPredictor.HEADROOM));
        assertThat(predictor.predict(100)).as("an empty class borrows from all").isEqualTo(expected);
        // Order does not matter: the same samples in reverse give the same answer.
        OutputLengthPredictor reversed = new OutputLengthPredictor();
        for (int i = 100; i >= 1; i--) {
            reversed.observe(20_000, i * 10);
        }
        assertThat(reversed.predict(20_000)).isEqualTo(expected);
    }
}
