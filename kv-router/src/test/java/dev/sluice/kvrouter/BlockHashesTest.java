package dev.sluice.kvrouter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pins the hashes to values computed by an independent XXH3 implementation (hash-wasm 4 under node). */
class BlockHashesTest {
    private static final int[] BLOCK0 = {
        0, 7919, 15838, 23757, 31676, 39595, 47514, 55433, 63352, 71271, 79190, 87109, 95028, 102947, 110866, 118785
    };

    @Test
    void localHashMatchesReferenceXxh3WithSeed1337() {
        assertThat(BlockHashes.localHashes(new int[] {1, 2, 3}, 3)).containsExactly(-3422728867814992303L);
        assertThat(BlockHashes.localHashes(BLOCK0, 16)).containsExactly(-397813784038956677L);
    }

    @Test
    void sequenceHashChainsLittleEndianParentAndLocal() {
        int[] tokens = new int[32];
        for (int i = 0; i < 16; i++) {
            tokens[i] = BLOCK0[i];
            tokens[16 + i] = BLOCK0[i] + 1;
        }
        long[] local = BlockHashes.localHashes(tokens, 16);
        assertThat(local).containsExactly(-397813784038956677L, 2340250616523617563L);
        assertThat(BlockHashes.sequenceHashes(local)).containsExactly(-397813784038956677L, 3988379347106030695L);
    }

    @Test
    void onlyFullBlocksAreHashed() {
        assertThat(BlockHashes.localHashes(new int[31], 16)).hasSize(1);
        assertThat(BlockHashes.localHashes(new int[15], 16)).isEmpty();
        assertThat(BlockHashes.localHashes(new int[40], 20, 16)).hasSize(1);
    }
}
