package dev.sluice.kvrouter;

import java.time.Duration;

/**
 * A KV router's settings. {@code overlapScoreWeight} weighs prefill work against decode load; {@code temperature} 0
 * picks the cheapest worker, above 0 samples with softmax over normalised costs. A worker whose reported waiting
 * requests reach {@code busyWaitingThreshold} or whose KV usage reaches {@code busyKvUsageThreshold} is skipped;
 * when all are, a request waits up to {@code queueTimeout} in a queue of at most {@code maxQueued}.
 */
public record KvRouterConfig(
        int blockSizeTokens,
        double overlapScoreWeight,
        double temperature,
        int busyWaitingThreshold,
        double busyKvUsageThreshold,
        int maxQueued,
        Duration queueTimeout,
        boolean useKvEvents,
        Duration approximateTtl,
        int approximateMaxBlocks) {
    public KvRouterConfig {
        if (blockSizeTokens <= 0) {
            throw new IllegalArgumentException("block size " + blockSizeTokens + " must be positive");
        }
        if (overlapScoreWeight < 0) {
            throw new IllegalArgumentException("kv-overlap-score-weight " + overlapScoreWeight + " is negative");
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("router-temperature " + temperature + " is negative");
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("router queue size " + maxQueued + " is negative");
        }
    }

    public static KvRouterConfig defaults(int blockSizeTokens) {
        return new KvRouterConfig(
                blockSizeTokens,
                1.0,
                0.0,
                64,
                0.99,
                1024,
                Duration.ofSeconds(30),
                true,
                Duration.ofSeconds(120),
                1 << 20);
    }

    public KvRouterConfig withWeights(double weight, double temp) {
        return new KvRouterConfig(
                blockSizeTokens,
                weight,
                temp,
                busyWaitingThreshold,
                busyKvUsageThreshold,
                maxQueued,
                queueTimeout,
                useKvEvents,
                approximateTtl,
                approximateMaxBlocks);
    }

    public KvRouterConfig withKvEvents(boolean use) {
        return new KvRouterConfig(
                blockSizeTokens,
                overlapScoreWeight,
                temperature,
                busyWaitingThreshold,
                busyKvUsageThreshold,
                maxQueued,
                queueTimeout,
                use,
                approximateTtl,
                approximateMaxBlocks);
    }
}
