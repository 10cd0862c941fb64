package dev.sluice.mocker;

import dev.sluice.protocol.KvEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A paged KV cache of {@code capacity} blocks with prefix caching, as vLLM keeps it. Full blocks are named by their
 * sequence hash and shared between sequences with equal prefixes (reference counts). A block whose count drops to
 * zero stays cached and is evicted least-recently-used only when a new block needs its space. Partial blocks (the
 * unfinished tail of a sequence) take space but are never shared.
 *
 * <p>Invariants: {@code referenced + partial + evictable.size() <= capacity}; a block is announced by one
 * {@code Stored} event when its KV is computed (as vLLM caches blocks only once computed), and its eviction, if it
 * was announced, by one {@code Removed} event, in the order they happened. Owned by the worker's loop thread.
 */
final class BlockPool {
    private final int capacity;
    private final Map<Long, Block> blocks = new HashMap<>();
    private final LinkedHashMap<Long, Block> evictable = new LinkedHashMap<>(16, 0.75f, true);
    private final List<KvEvent> pendingEvents = new ArrayList<>();
    private int referenced;
    private int partial;
    private long nextEventId;

    private static final class Block {
        final long hash;
        final long tokensHash;
        final OptionalLong parent;
        int refs;
        /** Whether its KV has been computed; only then is it a prefix-cache hit and announced in a Stored event. */
        boolean computed;

        Block(long hash, long tokensHash, OptionalLong parent) {
            this.hash = hash;
            this.tokensHash = tokensHash;
            this.parent = parent;
        }
    }

    BlockPool(int capacity) {
        this.capacity = capacity;
    }

    boolean isCached(long hash) {
        return blocks.containsKey(hash);
    }

    /** Whether the block is cached with its KV computed: what a prefix-cache lookup can hit. */
    boolean isComputed(long hash) {
        Block b = blocks.get(hash);
        return b != null && b.computed;
    }

    /** The block's KV is now computed: it becomes a cache hit for others and is announced. */
    void markComputed(long hash) {
        Block b = blocks.get(hash);
        if (b != null && !b.computed) {
            b.computed = true;
            pendingEvents.add(
                    new KvEvent.Stored(nextEventId++, b.parent, List.of(new KvEvent.StoredBlock(hash, b.tokensHash))));
        }
    }

    /** Blocks a sequence can still get: empty ones plus evictable cached ones. */
    int available() {
        return capacity - referenced - partial;
    }

    /** Takes a reference to the full block {@code hash}, storing it if new; false when no space is left. */
    boolean acquire(long hash, long tokensHash, OptionalLong parent) {
        Block b = blocks.get(hash);
        if (b != null) {
            if (b.refs++ == 0) {
                evictable.remove(hash);
                referenced++;
            }
            return true;
        }
        if (!makeRoom()) {
            return false;
        }
        b = new Block(hash, tokensHash, parent);
        b.refs = 1;
        blocks.put(hash, b);
        referenced++;
        return true;
    }

    void release(long hash) {
        Block b = blocks.get(hash);
        if (b == null || b.refs == 0) {
            throw new IllegalStateException("block " + hash + " is not referenced");
        }
        if (--b.refs == 0) {
            referenced--;
            evictable.put(hash, b);
        }
    }

    boolean acquirePartial() {
        if (!makeRoom()) {
            return false;
        }
        partial++;
        return true;
    }

    void releasePartial() {
        if (partial == 0) {
            throw new IllegalStateException("no partial block to release");
        }
        partial--;
    }

    /** Ensures one empty block, evicting the least recently used cached block if needed. */
    private boolean makeRoom() {
        if (referenced + partial + evictable.size() < capacity) {
            return true;
        }
        Iterator<Block> lru = evictable.values().iterator();
        if (!lru.hasNext()) {
            return false;
        }
        Block victim = lru.next();
        lru.remove();
        blocks.remove(victim.hash);
        if (victim.computed) {
            pendingEvents.add(new KvEvent.Removed(nextEventId++, List.of(victim.hash)));
        }
        return true;
    }

    /**
     * Announces every computed cached block again, parents first, after a {@code Cleared}: what a router that
     * started late or lost events needs to rebuild its view of this worker.
     */
    void snapshot() {
        pendingEvents.add(new KvEvent.Cleared(nextEventId++));
        java.util.Map<Long, Integer> depth = new java.util.HashMap<>();
        List<Block> computed =
                new ArrayList<>(blocks.values().stream().filter(b -> b.computed).toList());
        computed.sort(java.util.Comparator.comparingInt(b -> depth(b, depth)));
        for (Block b : computed) {
            pendingEvents.add(new KvEvent.Stored(
                    nextEventId++, b.parent, List.of(new KvEvent.StoredBlock(b.hash, b.tokensHash))));
        }
    }

    private int depth(Block b, java.util.Map<Long, Integer> memo) {
        Integer known = memo.get(b.hash);
        if (known != null) {
            return known;
        }
        int d = 0;
        Block at = b;
        while (at.parent.isPresent() && blocks.containsKey(at.parent.getAsLong()) && d < 1_000_000) {
            at = blocks.get(at.parent.getAsLong());
            d++;
        }
        memo.put(b.hash, d);
        return d;
    }

    /** Events since the last call, in order. */
    List<KvEvent> drainEvents() {
        List<KvEvent> out = List.copyOf(pendingEvents);
        pendingEvents.clear();
        return out;
    }

    int capacity() {
        return capacity;
    }

    /** Blocks held by running sequences (full and partial). */
    int used() {
        return referenced + partial;
    }

    int cached() {
        return blocks.size();
    }

    /** Cached blocks whose KV is computed: exactly the set the Stored/Removed events describe. */
    int announced() {
        return (int) blocks.values().stream().filter(b -> b.computed).count();
    }

    /** Cached block hashes in least- to most-recently-used order of the evictable ones (for tests). */
    List<Long> evictionOrder() {
        return List.copyOf(evictable.keySet());
    }
}
