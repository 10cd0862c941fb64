package dev.sluice.kvrouter;

import dev.sluice.protocol.KvEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The radix index as it was before issue 18 (boxed maps per node), kept to check that the bitset index scores the
 * same. A radix tree over block hashes recording which workers cache each block (DESIGN.md section 3). Paths run from the
 * root along local (token) hashes, so two workers that cached the same prefix share nodes. Per worker, a map from the
 * engine's own block hash to its node lets {@code Removed} events and child {@code Stored} events find their place.
 *
 * <p>Invariants: a node is in the tree iff it has a worker or a child; a worker is in {@code node.workers} iff some
 * engine block hash of that worker maps to the node. Not thread-safe: {@link KvIndexer} gives it one writer.
 */
final class LegacyRadixIndex {
    private final Node root = new Node(null, 0);
    private final Map<Long, Map<Long, Node>> byWorker = new HashMap<>();
    private final Map<Long, Long> lastEventId = new HashMap<>();

    static final class Node {
        final Node parent;
        final long localHash;
        /** The first child inline (most nodes have one), the others in a primitive map. */
        long firstKey;

        Node firstChild;
        LongMap<Node> moreChildren;

        Node child(long key) {
            if (firstChild != null && firstKey == key) {
                return firstChild;
            }
            return moreChildren == null ? null : moreChildren.get(key);
        }

        void addChild(long key, Node child) {
            if (firstChild == null) {
                firstKey = key;
                firstChild = child;
            } else {
                if (moreChildren == null) {
                    moreChildren = new LongMap<>(2);
                }
                moreChildren.put(key, child);
            }
        }

        void removeChild(long key) {
            if (firstChild != null && firstKey == key) {
                firstChild = null;
                if (moreChildren != null && !moreChildren.isEmpty()) {
                    Node promoted = moreChildren.values().iterator().next();
                    moreChildren.remove(promoted.localHash);
                    firstKey = promoted.localHash;
                    firstChild = promoted;
                }
            } else if (moreChildren != null) {
                moreChildren.remove(key);
            }
        }

        boolean hasChildren() {
            return firstChild != null;
        }

        java.util.List<Node> children() {
            java.util.List<Node> out = new java.util.ArrayList<>();
            if (firstChild != null) {
                out.add(firstChild);
            }
            if (moreChildren != null) {
                out.addAll(moreChildren.values());
            }
            return out;
        }
        /** Per worker, how many of its engine block hashes map to this node (almost always 1). */
        final Map<Long, Integer> refs = new HashMap<>(4);

        final Set<Long> workers = refs.keySet();

        Node(Node parent, long localHash) {
            this.parent = parent;
            this.localHash = localHash;
        }
    }

    /** Whether an event was in sequence, or came after a gap (the caller should resynchronise that worker). */
    enum Applied {
        IN_ORDER,
        AFTER_GAP
    }

    Applied apply(long worker, KvEvent event) {
        Long last = lastEventId.put(worker, event.eventId());
        Applied applied = last == null || event.eventId() == last + 1 ? Applied.IN_ORDER : Applied.AFTER_GAP;
        switch (event) {
            case KvEvent.Stored s -> store(worker, s);
            case KvEvent.Removed r -> r.blockHashes().forEach(h -> remove(worker, h));
            case KvEvent.Cleared c -> clear(worker);
        }
        return applied;
    }

    private void store(long worker, KvEvent.Stored s) {
        Map<Long, Node> blocks = byWorker.computeIfAbsent(worker, w -> new HashMap<>());
        Node node = s.parentHash().isPresent() ? blocks.get(s.parentHash().getAsLong()) : root;
        if (node == null) {
            return; // parent unknown (evicted or missed): the block cannot be placed on a path from the root
        }
        for (KvEvent.StoredBlock b : s.blocks()) {
            Node from = node;
            Node child = from.child(b.tokensHash());
            if (child == null) {
                child = new Node(from, b.tokensHash());
                from.addChild(b.tokensHash(), child);
            }
            Node previous = blocks.put(b.blockHash(), child);
            if (previous != child) {
                child.refs.merge(worker, 1, Integer::sum);
                if (previous != null) {
                    detach(worker, previous);
                }
            }
            node = child;
        }
    }

    private void remove(long worker, long blockHash) {
        Map<Long, Node> blocks = byWorker.get(worker);
        Node node = blocks == null ? null : blocks.remove(blockHash);
        if (node != null) {
            detach(worker, node);
        }
    }

    /** Drops one reference of {@code worker} to {@code node}; the worker leaves the node with its last one. */
    private void detach(long worker, Node node) {
        node.refs.computeIfPresent(worker, (w, n) -> n == 1 ? null : n - 1);
        prune(node);
    }

    private void prune(Node node) {
        while (node != root && node.workers.isEmpty() && !node.hasChildren()) {
            node.parent.removeChild(node.localHash);
            node = node.parent;
        }
    }

    private void clear(long worker) {
        Map<Long, Node> blocks = byWorker.remove(worker);
        if (blocks != null) {
            for (Node n : blocks.values()) {
                n.refs.remove(worker);
            }
            blocks.values().forEach(this::prune);
        }
    }

    /** Forgets a worker entirely (it left). */
    void removeWorker(long worker) {
        clear(worker);
        lastEventId.remove(worker);
    }

    /**
     * Blocks of the request each worker holds as a prefix: walking the tree along {@code localHashes}, a worker
     * present at depth d has matched d blocks; the walk stops at the first block no worker holds.
     */
    Map<Long, Integer>[] findMatches(long[] localHashes) {
        Map<Long, Integer> scores = new HashMap<>();
        Node node = root;
        Set<Long> active = Set.of();
        int depth = 0;
        for (; depth < localHashes.length; depth++) {
            Node child = node.child(localHashes[depth]);
            if (child == null || child.workers.isEmpty()) {
                break;
            }
            // Deeper sets are (almost always) subsets of shallower ones: only a change in size needs a look.
            if (child.workers.size() != active.size()) {
                for (Long w : active) {
                    if (!child.workers.contains(w)) {
                        scores.put(w, depth);
                    }
                }
                active = child.workers;
            }
            node = child;
        }
        for (Long w : active) {
            scores.put(w, depth);
        }
        Map<Long, Integer> sizes = new HashMap<>();
        for (Long w : scores.keySet()) {
            sizes.put(w, treeSize(w));
        }
        @SuppressWarnings("unchecked")
        Map<Long, Integer>[] out = new Map[] {scores, sizes};
        return out;
    }

    /** Number of cached blocks the index knows for a worker. */
    int treeSize(long worker) {
        Map<Long, Node> blocks = byWorker.get(worker);
        return blocks == null ? 0 : blocks.size();
    }

    /** Every (worker, local-hash path) the index holds, for tests. */
    Map<Long, Set<List<Long>>> paths() {
        Map<Long, Set<List<Long>>> out = new HashMap<>();
        byWorker.forEach((w, blocks) -> {
            Set<List<Long>> set = new HashSet<>();
            for (Node n : blocks.values()) {
                List<Long> path = new ArrayList<>();
                for (Node x = n; x != root; x = x.parent) {
                    path.addFirst(x.localHash);
                }
                set.add(path);
            }
            if (!set.isEmpty()) {
                out.put(w, set);
            }
        });
        return out;
    }

    int nodeCount() {
        int[] count = {0};
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>(List.of(root));
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            count[0]++;
            stack.addAll(n.children());
        }
        return count[0] - 1;
    }
}
