package dev.sluice.llm;

/**
 * The output tokens the tier policy expected of a request when it first chose its tier; a request-context attachment
 * that a tier's admission reads to commit KV (what is still expected after the tokens generated so far).
 */
record ExpectedOutput(int tokens) {
    ExpectedOutput {
        if (tokens < 0) {
            throw new IllegalArgumentException("expected output " + tokens + " is negative");
        }
    }
}
