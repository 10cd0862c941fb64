package dev.sluice.kvrouter;

import dev.sluice.protocol.KvEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * A radix tree over block hashes recording which workers cache each block (DESIGN.md section 3). Paths run from the
 * root along local (token) hashes, so two workers that cached the same prefix share nodes. Per worker, a primitive
 * map from the engine's own block hash to its node lets {@code Removed} events and child {@code Stored} events find
 * their place.
 *
 * <p>Each worker the index has seen holds a dense slot; a node records its workers as a bitset over slots, so a
 * lookup walks the request's path comparing bit counts and allocates nothing. A slot is freed, and may be reused,
 * only once {@link #removeWorker} has cleared it from every node.
 *
 * <p>Invariants: a node is in the tree iff it has a worker or a child; a worker's bit is set on a node iff some
 * engine block hash of that worker maps to the node. Not thread-safe: {@link KvIndexer} gives it one writer and
 * lets readers {@link #findMatches} concurrently (a lookup writes only into the caller's {@link OverlapScores}).
 */
public final class RadixIndex {
    private final RadixNode root = new RadixNode(null, 0);
    private final Map<Long, Worker> workers = new HashMap<>();
    private final BitSet usedSlots = new BitSet();
    private Worker[] bySlot = new Worker[64];

    private static final class Worker {
        final long id;
        final int slot;
        final Long2ObjectHashMap<RadixNode> blocks = new Long2ObjectHashMap<>();
        long lastEventId;

        Worker(long id, int slot, long lastEventId) {
            this.id = id;
            this.slot = slot;
            this.lastEventId = lastEventId;
        }
    }

    /** Whether an event was in sequence, or came after a gap (the caller should resynchronise that worker). */
    public enum Applied {
        IN_ORDER,
        AFTER_GAP
    }

    public Applied apply(long worker, KvEvent event) {
        Worker w = workers.get(worker);
        Applied applied = Applied.IN_ORDER;
        if (w == null) {
            w = newWorker(worker, event.eventId());
        } else if (event.eventId() != w.lastEventId + 1) {
            applied = Applied.AFTER_GAP;
        }
        w.lastEventId = event.eventId();
        switch (event) {
            case KvEvent.Stored s -> store(w, s);
            case KvEvent.Removed r -> {
                for (long h : r.blockHashes()) {
                    remove(w, h);
                }
            }
            case KvEvent.Cleared c -> clear(w);
        }
        return applied;
    }

    private Worker newWorker(long worker, long eventId) {
        int slot = usedSlots.nextClearBit(0);
        usedSlots.set(slot);
        if (slot >= bySlot.length) {
            bySlot = Arrays.copyOf(bySlot, bySlot.length * 2);
        }
        Worker w = new Worker(worker, slot, eventId);
        bySlot[slot] = w;
        workers.put(worker, w);
        return w;
    }

    private void store(Worker w, KvEvent.Stored s) {
        RadixNode node =
                s.parentHash().isPresent() ? w.blocks.get(s.parentHash().getAsLong()) : root;
        if (node == null) {
            return; // parent unknown (evicted or missed): the block cannot be placed on a path from the root
        }
        for (KvEvent.StoredBlock b : s.blocks()) {
            RadixNode child = node.child(b.tokensHash());
            if (child == null) {
                child = new RadixNode(node, b.tokensHash());
                node.addChild(child);
            }
            RadixNode previous = w.blocks.put(b.blockHash(), child);
            if (previous != child) {
                child.addRef(w.slot);
                if (previous != null) {
                    detach(w.slot, previous);
                }
            }
            node = child;
        }
    }

    private void remove(Worker w, long blockHash) {
        RadixNode node = w.blocks.remove(blockHash);
        if (node != null) {
            detach(w.slot, node);
        }
    }

    /** Drops one reference of the worker to {@code node}; the worker leaves the node with its last one. */
    private void detach(int slot, RadixNode node) {
        node.dropRef(slot);
        prune(node);
    }

    private void prune(RadixNode node) {
        while (node != root && !node.hasWorkers() && !node.hasChildren()) {
            node.parent.removeChild(node.localHash);
            node = node.parent;
        }
    }

    private void clear(Worker w) {
        for (RadixNode n : w.blocks.values()) {
            n.removeWorker(w.slot);
        }
        for (RadixNode n : w.blocks.values()) {
            prune(n);
        }
        w.blocks.clear();
        w.blocks.compact();
    }

    /** Forgets a worker entirely (it left). */
    public void removeWorker(long worker) {
        Worker w = workers.remove(worker);
        if (w != null) {
            clear(w);
            bySlot[w.slot] = null;
            usedSlots.clear(w.slot);
        }
    }

    /**
     * Blocks of the request each worker holds as a prefix: walking the tree along {@code localHashes}, a worker
     * present at depth d has matched d blocks; the walk stops at the first block no worker holds.
     */
    public OverlapScores findMatches(long[] localHashes) {
        OverlapScores out = new OverlapScores();
        findMatches(localHashes, localHashes.length, out);
        return out;
    }

    /** {@link #findMatches(long[])} over the first {@code length} hashes, into {@code into} (cleared first). */
    public void findMatches(long[] localHashes, int length, OverlapScores into) {
        into.clear();
        int slots = bySlot.length;
        into.prepareWalk(slots);
        long[] active = into.activeSlots;
        long[] scored = into.scoredSlots;
        int[] score = into.scoreBySlot;
        int words = (slots + 63) >>> 6;
        int activeCount = 0;
        RadixNode node = root;
        int depth = 0;
        for (; depth < length; depth++) {
            RadixNode child = node.child(localHashes[depth]);
            if (child == null || !child.hasWorkers()) {
                break;
            }
            // Deeper sets are (almost always) subsets of shallower ones: only a change in size needs a look.
            int count = child.workerCount();
            if (count != activeCount) {
                for (int k = 0; k < words; k++) {
                    long next = child.word(k);
                    mark(active[k] & ~next, k, depth, score, scored);
                    active[k] = next;
                }
                activeCount = count;
            }
            node = child;
        }
        for (int k = 0; k < words; k++) {
            mark(active[k], k, depth, score, scored);
        }
        for (int k = 0; k < words; k++) {
            for (long left = scored[k]; left != 0; left &= left - 1) {
                int slot = (k << 6) + Long.numberOfTrailingZeros(left);
                Worker w = bySlot[slot];
                into.add(w.id, score[slot], w.blocks.size());
            }
        }
    }

    /** Records {@code depth} as the score of every slot of word {@code k} set in {@code slots}. */
    private static void mark(long slots, int k, int depth, int[] score, long[] scored) {
        scored[k] |= slots;
        for (long left = slots; left != 0; left &= left - 1) {
            score[(k << 6) + Long.numberOfTrailingZeros(left)] = depth;
        }
    }

    /** Number of cached blocks the index knows for a worker. */
    public int treeSize(long worker) {
        Worker w = workers.get(worker);
        return w == null ? 0 : w.blocks.size();
    }

    /** Every (worker, local-hash path) the index holds, for tests. */
    Map<Long, Set<List<Long>>> paths() {
        Map<Long, Set<List<Long>>> out = new HashMap<>();
        for (Worker w : workers.values()) {
            Set<List<Long>> set = new HashSet<>();
            for (RadixNode n : w.blocks.values()) {
                List<Long> path = new ArrayList<>();
                for (RadixNode x = n; x != root; x = x.parent) {
                    path.addFirst(x.localHash);
                }
                set.add(path);
            }
            if (!set.isEmpty()) {
                out.put(w.id, set);
            }
        }
        return out;
    }

    int nodeCount() {
        int count = 0;
        ArrayDeque<RadixNode> stack = new ArrayDeque<>(List.of(root));
        while (!stack.isEmpty()) {
            RadixNode n = stack.pop();
            count++;
            stack.addAll(n.children());
        }
        return count - 1;
    }
}
