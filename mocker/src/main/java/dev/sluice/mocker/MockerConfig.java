package dev.sluice.mocker;

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
        int inboxCapacity) {
    public MockerConfig {
        positive("this-seqlen", thisSeqlen);
        positive("num-gpu-blocks", numGpuBlocks);
        positive("block-size", blockSizeTokens);
        positive("max-num-seqs", maxNumSeqs);
        positive("max-num-batched-tokens", maxNumBatchedTokens);
        positive("inbox capacity", inboxCapacity);
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
        return new MockerConfig(
                workerId, thisSeqlen, 16384, 64, 256, 8192, 1.0, 0, vocabulary, TimingModel.DEFAULT, "", "", 4096);
    }

    public MockerConfig withBlocks(int blocks, int blockSize) {
        return new MockerConfig(
                workerId,
                thisSeqlen,
                blocks,
                blockSize,
                maxNumSeqs,
                maxNumBatchedTokens,
                speedupRatio,
                seed,
                vocabulary,
                timing,
                kvEventSubject,
                loadSubject,
                inboxCapacity);
    }

    public MockerConfig withBatching(int seqs, int batchedTokens) {
        return new MockerConfig(
                workerId,
                thisSeqlen,
                numGpuBlocks,
                blockSizeTokens,
                seqs,
                batchedTokens,
                speedupRatio,
                seed,
                vocabulary,
                timing,
                kvEventSubject,
                loadSubject,
                inboxCapacity);
    }

    public MockerConfig withSpeedup(double ratio, long newSeed) {
        return new MockerConfig(
                workerId,
                thisSeqlen,
                numGpuBlocks,
                blockSizeTokens,
                maxNumSeqs,
                maxNumBatchedTokens,
                ratio,
                newSeed,
                vocabulary,
                timing,
                kvEventSubject,
                loadSubject,
                inboxCapacity);
    }

    public MockerConfig withSubjects(String kv, String load) {
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
                kv,
                load,
                inboxCapacity);
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
        return o instanceof MockerConfig c && c.workerId == workerId && c.thisSeqlen == thisSeqlen;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(workerId) * 31 + thisSeqlen;
    }

    @Override
    public String toString() {
        return "MockerConfig[worker=" + workerId + ", thisSeqlen=" + thisSeqlen + ", blocks=" + numGpuBlocks + "x"
                + blockSizeTokens + ", maxNumSeqs=" + maxNumSeqs + ", speedup=" + speedupRatio + "]";
    }
}
