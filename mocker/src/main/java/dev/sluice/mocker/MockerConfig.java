package dev.sluice.mocker;

import java.util.Arrays;
import java.util.Objects;

/**
 * One simulated worker's settings, validated once. {@code thisSeqlen} is the worker's max model length (its tier);
 * {@code vocabulary} the ordinary token ids output tokens are drawn from. Empty subjects publish nothing.
 */
public record MockerConfig(
        long workerId,
        int thisSeqlen,
        int numGpuBlocks,
        int blockSizeTokens,
        int maxNumSeqs,
        int maxNumBatchedTokens,
        double speedupRatio,
        long seed,
        int[] vocabulary,
        TimingModel timing,
        String kvEventSubject,
        String loadSubject,
        int inboxCapacity,
        double naturalOutputMeanTokens) {
    public MockerConfig {
        positive("this-seqlen", thisSeqlen);
        positive("num-gpu-blocks", numGpuBlocks);
        positive("block-size", blockSizeTokens);
        positive("max-num-seqs", maxNumSeqs);
        positive("max-num-batched-tokens", maxNumBatchedTokens);
        positive("inbox capacity", inboxCapacity);
        if (!(naturalOutputMeanTokens >= 0) || Double.isInfinite(naturalOutputMeanTokens)) {
            throw new IllegalArgumentException(
                    "natural-output-mean " + naturalOutputMeanTokens + " must be 0 (never EOS) or positive");
        }
        if (!(speedupRatio > 0) || Double.isInfinite(speedupRatio)) {
            throw new IllegalArgumentException("speedup-ratio " + speedupRatio + " must be a positive number");
        }
        if (vocabulary.length == 0) {
            throw new IllegalArgumentException("the vocabulary to draw output tokens from is empty");
        }
        vocabulary = vocabulary.clone();
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " " + value + " must be positive");
        }
    }

    /** Defaults of Dynamo's mocker: 16384 blocks of 64 tokens, 256 sequences, 8192 tokens per step. */
    public static MockerConfig defaults(long workerId, int thisSeqlen, int[] vocabulary) {
        return new Builder(workerId, thisSeqlen, vocabulary).build();
    }

    public MockerConfig withBlocks(int blocks, int blockSize) {
        Builder b = toBuilder();
        b.numGpuBlocks = blocks;
        b.blockSizeTokens = blockSize;
        return b.build();
    }

    public MockerConfig withBatching(int seqs, int batchedTokens) {
        Builder b = toBuilder();
        b.maxNumSeqs = seqs;
        b.maxNumBatchedTokens = batchedTokens;
        return b.build();
    }

    public MockerConfig withSpeedup(double ratio, long newSeed) {
        Builder b = toBuilder();
        b.speedupRatio = ratio;
        b.seed = newSeed;
        return b.build();
    }

    /** Sequences end with EOS after {@code meanTokens} tokens on average (0: only at their limits). */
    public MockerConfig withNaturalOutput(double meanTokens) {
        Builder b = toBuilder();
        b.naturalOutputMeanTokens = meanTokens;
        return b.build();
    }

    public MockerConfig withSubjects(String kv, String load) {
        Builder b = toBuilder();
        b.kvEventSubject = kv;
        b.loadSubject = load;
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder(workerId, thisSeqlen, vocabulary);
        b.numGpuBlocks = numGpuBlocks;
        b.blockSizeTokens = blockSizeTokens;
        b.maxNumSeqs = maxNumSeqs;
        b.maxNumBatchedTokens = maxNumBatchedTokens;
        b.speedupRatio = speedupRatio;
        b.seed = seed;
        b.timing = timing;
        b.kvEventSubject = kvEventSubject;
        b.loadSubject = loadSubject;
        b.inboxCapacity = inboxCapacity;
        b.naturalOutputMeanTokens = naturalOutputMeanTokens;
        return b;
    }

    /** The fields of a config being derived from another; {@link #build()} validates them. */
    private static final class Builder {
        private final long workerId;
        private final int thisSeqlen;
        private final int[] vocabulary;
        private int numGpuBlocks = 16384;
        private int blockSizeTokens = 64;
        private int maxNumSeqs = 256;
        private int maxNumBatchedTokens = 8192;
        private double speedupRatio = 1.0;
        private long seed;
        private TimingModel timing = TimingModel.DEFAULT;
        private String kvEventSubject = "";
        private String loadSubject = "";
        private int inboxCapacity = 4096;
        private double naturalOutputMeanTokens;

        private Builder(long workerId, int thisSeqlen, int[] vocabulary) {
            this.workerId = workerId;
            this.thisSeqlen = thisSeqlen;
            this.vocabulary = vocabulary;
        }

        private MockerConfig build() {
            return new MockerConfig(
                    workerId,
                    thisSeqlen,
                    numGpuBlocks,
                    blockSizeTokens,
                    maxNumSeqs,
                    maxNumBatchedTokens,
                    speedupRatio,
                    seed,
                    vocabulary,
                    timing,
                    kvEventSubject,
                    loadSubject,
                    inboxCapacity,
                    naturalOutputMeanTokens);
        }
    }

    @Override
    public int[] vocabulary() {
        return vocabulary.clone();
    }

    int vocabularySize() {
        return vocabulary.length;
    }

    int vocabularyAt(int i) {
        return vocabulary[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MockerConfig c
                && c.workerId == workerId
                && c.thisSeqlen == thisSeqlen
                && c.numGpuBlocks == numGpuBlocks
                && c.blockSizeTokens == blockSizeTokens
                && c.maxNumSeqs == maxNumSeqs
                && c.maxNumBatchedTokens == maxNumBatchedTokens
                && Double.compare(c.speedupRatio, speedupRatio) == 0
                && c.seed == seed
                && Arrays.equals(c.vocabulary, vocabulary)
                && c.timing.equals(timing)
                && c.kvEventSubject.equals(kvEventSubject)
                && c.loadSubject.equals(loadSubject)
                && c.inboxCapacity == inboxCapacity
                && Double.compare(c.naturalOutputMeanTokens, naturalOutputMeanTokens) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(workerId, thisSeqlen, numGpuBlocks, blockSizeTokens, speedupRatio, seed)
                + 31 * Arrays.hashCode(vocabulary);
    }

    @Override
    public String toString() {
        return "MockerConfig[worker=" + workerId + ", thisSeqlen=" + thisSeqlen + ", blocks=" + numGpuBlocks + "x"
                + blockSizeTokens + ", maxNumSeqs=" + maxNumSeqs + ", speedup=" + speedupRatio + "]";
    }
}
