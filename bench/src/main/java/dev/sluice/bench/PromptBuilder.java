package dev.sluice.bench;

import java.util.SplittableRandom;

/**
 * Builds token-id prompts for trace requests: each hash id becomes a deterministic block of 512 token ids, so equal
 * ids give equal blocks (and shared prefixes really are shared), and the prompt is cut or padded to exactly
 * {@code input_length}. Token ids are drawn from {@code [low, high)}, a range of ordinary tokens of the model.
 */
public final class PromptBuilder {
    public static final int BLOCK_TOKENS = 512;

    private final int low;
    private final int high;

    public PromptBuilder(int low, int high) {
        if (low < 0 || high <= low) {
            throw new IllegalArgumentException("token id range [" + low + ", " + high + ") is empty");
        }
        this.low = low;
        this.high = high;
    }

    public int[] prompt(TraceRequest r, long requestSeed) {
        int[] out = new int[r.inputLength()];
        int at = 0;
        for (int b = 0; b < r.blocks() && at < out.length; b++) {
            SplittableRandom block = new SplittableRandom(mix(r.hashId(b)));
            for (int i = 0; i < BLOCK_TOKENS && at < out.length; i++) {
                out[at++] = low + block.nextInt(high - low);
            }
        }
        SplittableRandom pad = new SplittableRandom(mix(~requestSeed));
        while (at < out.length) {
            out[at++] = low + pad.nextInt(high - low);
        }
        return out;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
