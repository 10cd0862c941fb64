package dev.sluice.mocker;

import java.util.Optional;

/**
 * How many KV blocks a simulated worker has: the number given ({@code --num-gpu-blocks}), else what its profile's GPU
 * holds, else {@link #DEFAULT_BLOCKS}. Like vLLM, which refuses to start when its longest sequence does not fit its
 * KV cache, a worker whose {@code this_seqlen} does not fit is refused: such a sequence could never be scheduled once
 * it outgrew the cache.
 */
public final class WorkerSizing {
    /** Dynamo's mocker default. */
    public static final int DEFAULT_BLOCKS = 16_384;

    private WorkerSizing() {}

    public static int blocks(TimingModel profile, Optional<Integer> given, int blockSize, int thisSeqlen) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block-size " + blockSize + " must be positive");
        }
        int blocks = given.orElseGet(() -> profile.kvCapacityTokens().isPresent()
                ? (int) Math.min(Integer.MAX_VALUE, profile.kvCapacityTokens().getAsLong() / blockSize)
                : DEFAULT_BLOCKS);
        if (blocks <= 0) {
            throw new IllegalArgumentException("num-gpu-blocks " + blocks + " must be positive");
        }
        long cacheTokens = (long) blocks * blockSize;
        if (cacheTokens < thisSeqlen) {
            long needed = (thisSeqlen + blockSize - 1) / blockSize;
            String source = given.isPresent() ? "" : " (what profile " + profile.name() + " holds)";
            throw new IllegalArgumentException("a sequence of " + thisSeqlen + " tokens (this-seqlen) does not fit the"
                    + " simulated KV cache of " + blocks + " blocks x " + blockSize + " tokens = " + cacheTokens
                    + " tokens" + source + "; pass --num-gpu-blocks " + needed + " or more, or a shorter tier");
        }
        return blocks;
    }
}
