package dev.sluice.frontend;

/**
 * Measures time to first token and inter-token latency of one response as its chunks are written, and counts its
 * generated and prompt tokens.
 */
final class TokenTimer {
    private final FrontendMetrics metrics;
    private final String model;
    private final long startNanos;
    private long lastNanos = -1;
    private int tokens;
    private int promptTokens;

    TokenTimer(FrontendMetrics metrics, String model, long startNanos) {
        this.metrics = metrics;
        this.model = model;
        this.startNanos = startNanos;
    }

    void tokens(int count) {
        if (count <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (lastNanos < 0) {
            metrics.firstToken(model, (now - startNanos) / 1e9);
        } else {
            metrics.interToken(model, (now - lastNanos) / 1e9 / count);
        }
        lastNanos = now;
        tokens += count;
    }

    int tokens() {
        return tokens;
    }

    void promptTokens(int count) {
        promptTokens += count;
    }

    /** Prompt plus generated tokens so far. */
    long allTokens() {
        return (long) promptTokens + tokens;
    }
}
