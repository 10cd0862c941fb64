package dev.sluice.kvrouter;

import java.util.HashMap;
import java.util.Map;

/**
 * Per worker, how many leading blocks of a request it caches, and how many blocks it caches in all; a worker not
 * listed matches 0 blocks of a tree of size 0. A router refills one instance per decision (package-private
 * {@link #clear} and {@link #add}) so that scoring allocates nothing: the workers sit in arrays behind a small
 * open-addressing table, and the arrays also hold {@link RadixIndex}'s walk state. Not thread-safe.
 */
public final class OverlapScores {
    private long[] workers = new long[8];
    private int[] matched = new int[8];
    private int[] treeSizes = new int[8];
    private int size;
    /** Index + 1 into {@link #workers} by hash of the worker id; 0 is empty. Length a power of two. */
    private int[] table = new int[16];

    /** Scratch of {@link RadixIndex#findMatches}: the walk's current worker set and scored workers, per slot. */
    long[] activeSlots = new long[1];

    long[] scoredSlots = new long[1];
    int[] scoreBySlot = new int[64];

    public OverlapScores() {}

    public int matched(long worker) {
        int i = indexOf(worker);
        return i < 0 ? 0 : matched[i];
    }

    public int treeSize(long worker) {
        int i = indexOf(worker);
        return i < 0 ? 0 : treeSizes[i];
    }

    /** Workers listed. */
    public int size() {
        return size;
    }

    /** A copy of the matched blocks per worker (for tests and diagnostics; allocates). */
    public Map<Long, Integer> matchedBlocks() {
        Map<Long, Integer> out = new HashMap<>();
        for (int i = 0; i < size; i++) {
            out.put(workers[i], matched[i]);
        }
        return out;
    }

    /** A copy of the tree sizes per worker (for tests and diagnostics; allocates). */
    public Map<Long, Integer> treeSizes() {
        Map<Long, Integer> out = new HashMap<>();
        for (int i = 0; i < size; i++) {
            out.put(workers[i], treeSizes[i]);
        }
        return out;
    }

    void clear() {
        java.util.Arrays.fill(table, 0);
        size = 0;
    }

    /** Lists a worker; each worker at most once between two {@link #clear}s. */
    void add(long worker, int matchedBlocks, int treeSize) {
        if (size == workers.length) {
            workers = java.util.Arrays.copyOf(workers, size * 2);
            matched = java.util.Arrays.copyOf(matched, size * 2);
            treeSizes = java.util.Arrays.copyOf(treeSizes, size * 2);
        }
        if ((size + 1) * 2 > table.length) {
            table = new int[table.length * 2];
            for (int i = 0; i < size; i++) {
                insert(workers[i], i);
            }
        }
        workers[size] = worker;
        matched[size] = matchedBlocks;
        treeSizes[size] = treeSize;
        insert(worker, size++);
    }

    /** Sizes the walk scratch for {@code slots} worker slots and zeroes the sets. */
    void prepareWalk(int slots) {
        int words = (slots + 63) >>> 6;
        if (activeSlots.length < words) {
            activeSlots = new long[words];
            scoredSlots = new long[words];
        } else {
            java.util.Arrays.fill(activeSlots, 0);
            java.util.Arrays.fill(scoredSlots, 0);
        }
        if (scoreBySlot.length < slots) {
            scoreBySlot = new int[slots];
        }
    }

    private void insert(long worker, int index) {
        int mask = table.length - 1;
        int i = mix(worker) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = index + 1;
    }

    private int indexOf(long worker) {
        int mask = table.length - 1;
        for (int i = mix(worker) & mask; ; i = (i + 1) & mask) {
            int at = table[i] - 1;
            if (at < 0 || workers[at] == worker) {
                return at;
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OverlapScores other
                && matchedBlocks().equals(other.matchedBlocks())
                && treeSizes().equals(other.treeSizes());
    }

    @Override
    public int hashCode() {
        return matchedBlocks().hashCode() * 31 + treeSizes().hashCode();
    }

    @Override
    public String toString() {
        return "OverlapScores[matchedBlocks=" + matchedBlocks() + ", treeSizes=" + treeSizes() + "]";
    }
}
