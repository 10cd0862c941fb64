package dev.sluice.mocker;

/** What one scheduler step has taken on so far: its remaining token budget and the work for the timing model. */
final class StepTally {
    private int budget;
    private long prefillTokens;
    private long contextProduct;
    private long square;
    private long contextTokens;
    private int decodeSeqs;
    private long decodeContext;

    StepTally(int budget) {
        this.budget = budget;
    }

    int budget() {
        return budget;
    }

    /** A prefill chunk of {@code n} new tokens after {@code context} computed ones. */
    void prefill(int n, int context) {
        budget -= n;
        prefillTokens += n;
        contextProduct += (long) n * context;
        square += (long) n * n;
        contextTokens += context;
    }

    /** One decode token of a sequence now attending {@code context} tokens. */
    void decode(int context) {
        budget--;
        decodeSeqs++;
        decodeContext += context;
    }

    StepWork work(double kvUsage) {
        return new StepWork(prefillTokens, contextProduct, square, contextTokens, decodeSeqs, decodeContext, kvUsage);
    }
}
