package dev.sluice.openaihttp.kvevents;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One KV cache event as vLLM and SGLang publish it, decoded but not yet translated. {@code medium} is where the copy
 * lives ("GPU", "CPU" for offloaded copies; empty when the engine does not say); {@code groupIdx} is the KV cache group
 * of hybrid models.
 */
sealed interface EngineKvEvent {
    /**
     * Blocks stored in order, the first a child of {@code parent}; {@code tokenIds} holds {@code blockSize} tokens per
     * block. {@code lora} tells whether the blocks belong to a LoRA adapter (their KV is not the base model's).
     */
    record BlockStored(
            List<EngineHash> blockHashes,
            Optional<EngineHash> parent,
            int[] tokenIds,
            int blockSize,
            boolean lora,
            Optional<String> medium,
            OptionalInt groupIdx)
            implements EngineKvEvent {
        public BlockStored {
            blockHashes = List.copyOf(blockHashes);
            Objects.requireNonNull(parent, "parent");
            tokenIds = tokenIds.clone();
            Objects.requireNonNull(medium, "medium");
            Objects.requireNonNull(groupIdx, "groupIdx");
        }

        @Override
        public int[] tokenIds() {
            return tokenIds.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlockStored s
                    && blockHashes.equals(s.blockHashes)
                    && parent.equals(s.parent)
                    && Arrays.equals(tokenIds, s.tokenIds)
                    && blockSize == s.blockSize
                    && lora == s.lora
                    && medium.equals(s.medium)
                    && groupIdx.equals(s.groupIdx);
        }

        @Override
        public int hashCode() {
            return Objects.hash(blockHashes, parent, Arrays.hashCode(tokenIds), blockSize, lora, medium, groupIdx);
        }

        @Override
        public String toString() {
            return "BlockStored[hashes=" + blockHashes + ", parent=" + parent + ", tokens=" + Arrays.toString(tokenIds)
                    + ", blockSize=" + blockSize + ", lora=" + lora + ", medium=" + medium + ", group=" + groupIdx
                    + "]";
        }
    }

    /** Blocks evicted. */
    record BlockRemoved(List<EngineHash> blockHashes, Optional<String> medium, OptionalInt groupIdx)
            implements EngineKvEvent {
        public BlockRemoved {
            blockHashes = List.copyOf(blockHashes);
            Objects.requireNonNull(medium, "medium");
            Objects.requireNonNull(groupIdx, "groupIdx");
        }
    }

    /** Every block evicted (a cache reset). */
    record AllBlocksCleared() implements EngineKvEvent {}

    /** An event of a kind this reader does not know; skipped and counted. */
    record Unknown(String type) implements EngineKvEvent {}
}
