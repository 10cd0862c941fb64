package dev.sluice.llm;

/**
 * Tokens generated so far for a request, across every worker that produced part of it; a request-context attachment
 * written by the disaggregator on the request's own thread.
 */
final class SequenceProgress {
    private volatile int generated;

    int generated() {
        return generated;
    }

    void add(int tokens) {
        generated += tokens;
    }
}
