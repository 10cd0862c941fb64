package dev.sluice.kvrouter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.openhft.hashing.LongHashFunction;

/**
 * Block hashes shared by the router and the engines so that both name a block the same way (DESIGN.md section 3).
 * Only full blocks are hashed. The local hash of block i is xxh3-64 with seed 1337 over its token ids as unsigned
 * 32-bit little-endian integers; the sequence hash chains them: {@code seq[0] = local[0]},
 * {@code seq[i] = xxh3(LE64(seq[i-1]) ‖ LE64(local[i]))}.
 */
public final class BlockHashes {
    /** The seed every party uses. */
    public static final long SEED = 1337;

    private static final LongHashFunction XXH3 = LongHashFunction.xx3(SEED);

    /** On a little-endian machine token ids and hashes are hashed in place, without copying them to a buffer. */
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private BlockHashes() {}

    /** Local hashes of the full blocks of {@code tokens}. */
    public static long[] localHashes(int[] tokens, int blockSizeTokens) {
        return localHashes(tokens, tokens.length, blockSizeTokens);
    }

    /** Local hashes of the full blocks among the first {@code length} tokens. */
    public static long[] localHashes(int[] tokens, int length, int blockSizeTokens) {
        long[] out = new long[fullBlocks(Math.min(length, tokens.length), blockSizeTokens)];
        localHashes(tokens, out.length, blockSizeTokens, out);
        return out;
    }

    /** Full blocks among {@code tokens} tokens. */
    static int fullBlocks(int tokens, int blockSizeTokens) {
        if (blockSizeTokens <= 0) {
            throw new IllegalArgumentException("block size " + blockSizeTokens + " must be positive");
        }
        return tokens / blockSizeTokens;
    }

    /** Writes the local hashes of the first {@code blocks} blocks into {@code out}; allocates nothing. */
    static void localHashes(int[] tokens, int blocks, int blockSizeTokens, long[] out) {
        for (int b = 0; b < blocks; b++) {
            out[b] = localHash(tokens, b * blockSizeTokens, blockSizeTokens);
        }
    }

    /** The local hash of one block of tokens. */
    public static long localHash(int[] tokens, int from, int blockSizeTokens) {
        if (LITTLE_ENDIAN) {
            return XXH3.hashInts(tokens, from, blockSizeTokens); // the ints' bytes as they lie: little-endian
        }
        ByteBuffer buf = ByteBuffer.allocate(blockSizeTokens * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < from + blockSizeTokens; i++) {
            buf.putInt(tokens[i]);
        }
        return XXH3.hashBytes(buf.array());
    }

    /** Chained sequence hashes of {@code localHashes}. */
    public static long[] sequenceHashes(long[] localHashes) {
        long[] out = new long[localHashes.length];
        sequenceHashes(localHashes, localHashes.length, out, new long[2]);
        return out;
    }

    /** Writes the sequence hashes of the first {@code blocks} local hashes into {@code out}, using {@code pair}. */
    static void sequenceHashes(long[] localHashes, int blocks, long[] out, long[] pair) {
        for (int i = 0; i < blocks; i++) {
            out[i] = i == 0 ? localHashes[0] : chain(out[i - 1], localHashes[i], pair);
        }
    }

    /** The sequence hash of a block whose parent's sequence hash is {@code parent}. */
    public static long chain(long parent, long local) {
        return chain(parent, local, new long[2]);
    }

    private static long chain(long parent, long local, long[] pair) {
        if (LITTLE_ENDIAN) {
            pair[0] = parent;
            pair[1] = local;
            return XXH3.hashLongs(pair);
        }
        ByteBuffer buf = ByteBuffer.allocate(2 * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(parent).putLong(local);
        return XXH3.hashBytes(buf.array());
    }
}
