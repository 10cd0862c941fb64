package dev.sluice.kvrouter;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The working memory of one routing decision outside the router's lock: the request's local and sequence hashes
 * (with room for a partial-block marker) and its overlap scores. Decisions of one router run concurrently on request
 * threads, so each takes a scratch from a small lock-free {@link Pool} and gives it back; when every pooled scratch
 * is in use, a fresh one is made (and pooled if a place is free on return).
 */
final class DecisionScratch {
    long[] local = new long[0];
    long[] seq = new long[1];
    final long[] pair = new long[2];
    final OverlapScores overlap = new OverlapScores();

    /** Hashes the full blocks of {@code tokens} into {@link #local} and {@link #seq}; answers their count. */
    int hash(int[] tokens, int blockSizeTokens) {
        int blocks = BlockHashes.fullBlocks(tokens.length, blockSizeTokens);
        if (local.length < blocks) {
            local = new long[blocks];
            seq = new long[blocks + 1];
        }
        BlockHashes.localHashes(tokens, blocks, blockSizeTokens, local);
        BlockHashes.sequenceHashes(local, blocks, seq, pair);
        return blocks;
    }

    static final class Pool {
        private final AtomicReferenceArray<DecisionScratch> slots;

        Pool(int size) {
            slots = new AtomicReferenceArray<>(size);
        }

        DecisionScratch take() {
            for (int i = 0; i < slots.length(); i++) {
                DecisionScratch s = slots.getAndSet(i, null);
                if (s != null) {
                    return s;
                }
            }
            return new DecisionScratch();
        }

        void giveBack(DecisionScratch s) {
            for (int i = 0; i < slots.length(); i++) {
                if (slots.compareAndSet(i, null, s)) {
                    return;
                }
            }
        }
    }
}
