package dev.sluice.mocker;

import dev.sluice.kvrouter.BlockHashes;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * One request inside a simulated worker: its tokens (prompt, then generated), the blocks it holds, how much of it
 * has been computed, and where its outputs go. Owned by the worker's loop thread.
 */
final class Sequence {
    final long id;
    final PreprocessedRequest request;
    final Channel<EngineOutput> out;
    final SplittableRandom random;
    final int promptLength;
    private int[] tokens;
    private int length;
    /** Sequence hashes of the full blocks this sequence holds, in order. */
    final List<Long> blockHashes = new ArrayList<>();

    boolean holdsPartial;
    /** Tokens whose KV has been computed (prefix hits count as computed). */
    int computed;

    int generated;
    int cachedTokens = -1;
    boolean reportedCached;

    Sequence(long id, PreprocessedRequest request, Channel<EngineOutput> out, long seed) {
        this.id = id;
        this.request = request;
        this.out = out;
        this.random = new SplittableRandom(seed);
        this.tokens = request.tokenIds();
        this.length = tokens.length;
        this.promptLength = length;
    }

    int length() {
        return length;
    }

    int[] tokens() {
        return Arrays.copyOf(tokens, length);
    }

    void append(int token) {
        if (length == tokens.length) {
            tokens = Arrays.copyOf(tokens, Math.max(16, length * 2));
        }
        tokens[length++] = token;
        generated++;
    }

    boolean prefilled() {
        return computed >= length - (generated > 0 ? 1 : 0) && computed >= promptLength;
    }

    /** Sequence hash and local hash of full block {@code index}. */
    long[] blockHash(int index, int blockSize, long parentSeqHash) {
        long local = BlockHashes.localHash(tokens, index * blockSize, blockSize);
        long seq = index == 0 ? local : BlockHashes.chain(parentSeqHash, local);
        return new long[] {seq, local};
    }

    OptionalLong lastBlockHash() {
        return blockHashes.isEmpty() ? OptionalLong.empty() : OptionalLong.of(blockHashes.getLast());
    }
}
