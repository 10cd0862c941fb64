package dev.sluice.openaihttp.kvevents;

import dev.sluice.kvrouter.BlockHashes;
import dev.sluice.protocol.KvEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns one worker's engine KV events into Sluice's. The engine names blocks by hashes Sluice cannot reproduce, so each
 * stored block gets Sluice's own name, computed from the event's {@code token_ids}: the local hash of its tokens and
 * the sequence hash chained from its parent's (BlockHashes, as every Sluice worker names blocks). Per source (one
 * engine, or one data-parallel rank) a map from engine hash to Sluice block finds the parents of later blocks and the
 * blocks of removals.
 *
 * <p>Invariants: a Sluice block is announced (Stored) while at least one source maps an engine hash to it, and
 * withdrawn (Removed, or Cleared when nothing is left) when the last one lets go; event ids increase by one per event.
 * Only GPU copies of base-model blocks of the first KV cache group are tracked: offloaded copies, LoRA blocks and other
 * groups are skipped, and blocks of another block size are refused. Not thread-safe: its owner serialises calls.
 */
final class KvEventTranslator {
    private final int blockSizeTokens;
    private final KvEventCounters counters;
    private final Map<Integer, Map<EngineHash, Long>> bySource = new HashMap<>();
    private final Map<Long, Block> blocks = new HashMap<>();
    private long nextEventId;

    private static final class Block {
        final long localHash;
        final OptionalLong parent;
        final int depth;
        int refs;

        Block(long localHash, OptionalLong parent, int depth) {
            this.localHash = localHash;
            this.parent = parent;
            this.depth = depth;
        }
    }

    KvEventTranslator(int blockSizeTokens, KvEventCounters counters) {
        if (blockSizeTokens <= 0) {
            throw new IllegalArgumentException("block size " + blockSizeTokens + " must be positive");
        }
        this.blockSizeTokens = blockSizeTokens;
        this.counters = counters;
    }

    /** Sluice's events for one engine batch from {@code source}. */
    List<KvEvent> translate(int source, EngineKvBatch batch) {
        List<KvEvent> out = new ArrayList<>();
        for (EngineKvEvent e : batch.events()) {
            switch (e) {
                case EngineKvEvent.BlockStored s -> out.addAll(stored(source, s));
                case EngineKvEvent.BlockRemoved r -> out.addAll(removed(source, r));
                case EngineKvEvent.AllBlocksCleared c -> out.addAll(forget(source));
                case EngineKvEvent.Unknown u -> counters.unknownEvent(u.type());
            }
        }
        return out;
    }

    private List<KvEvent> stored(int source, EngineKvEvent.BlockStored s) {
        int n = s.blockHashes().size();
        if (!tracked(s.medium(), s.groupIdx()) || s.lora()) {
            counters.skippedBlocks(n);
            return List.of();
        }
        if (s.blockSize() != blockSizeTokens) {
            counters.refusedBlockSize(s.blockSize(), blockSizeTokens, n);
            return List.of();
        }
        int[] tokens = s.tokenIds();
        if (tokens.length != n * blockSizeTokens) {
            counters.invalidEvent("BlockStored with " + n + " blocks of " + blockSizeTokens + " tokens carries "
                    + tokens.length + " token ids");
            return List.of();
        }
        Map<EngineHash, Long> mine = bySource.computeIfAbsent(source, k -> new HashMap<>());
        OptionalLong parent = OptionalLong.empty();
        if (s.parent().isPresent()) {
            Long known = mine.get(s.parent().get());
            if (known == null) {
                counters.orphanBlocks(n); // its parent was evicted or never seen: no path from the root
                return List.of();
            }
            parent = OptionalLong.of(known);
        }
        List<KvEvent.StoredBlock> stored = new ArrayList<>(n);
        List<Long> replaced = new ArrayList<>();
        OptionalLong first = parent;
        for (int i = 0; i < n; i++) {
            long local = BlockHashes.localHash(tokens, i * blockSizeTokens, blockSizeTokens);
            long seq = parent.isPresent() ? BlockHashes.chain(parent.getAsLong(), local) : local;
            OptionalLong above = parent;
            Long previous = mine.put(s.blockHashes().get(i), seq);
            if (previous == null || previous != seq) {
                blocks.computeIfAbsent(seq, h -> new Block(local, above, depthBelow(above))).refs++;
                if (previous != null) {
                    release(previous).ifPresent(replaced::add); // the engine reused a hash for other tokens
                }
            }
            stored.add(new KvEvent.StoredBlock(seq, local));
            parent = OptionalLong.of(seq);
        }
        List<KvEvent> out = new ArrayList<>(2);
        if (!replaced.isEmpty()) {
            out.add(new KvEvent.Removed(nextEventId++, replaced));
        }
        out.add(new KvEvent.Stored(nextEventId++, first, stored));
        return out;
    }

    private List<KvEvent> removed(int source, EngineKvEvent.BlockRemoved r) {
        if (!tracked(r.medium(), r.groupIdx())) {
            return List.of();
        }
        Map<EngineHash, Long> mine = bySource.getOrDefault(source, Map.of());
        List<Long> gone = new ArrayList<>();
        for (EngineHash h : r.blockHashes()) {
            Long seq = mine.remove(h);
            if (seq != null) {
                release(seq).ifPresent(gone::add);
            }
        }
        return gone.isEmpty() ? List.of() : List.of(new KvEvent.Removed(nextEventId++, gone));
    }

    /**
     * Forgets every block of {@code source} (it cleared its cache or restarted): Removed for the blocks no other source
     * holds, or one Cleared when none is left at all.
     */
    List<KvEvent> forget(int source) {
        Map<EngineHash, Long> mine = bySource.remove(source);
        if (mine == null || mine.isEmpty()) {
            return List.of();
        }
        List<Long> gone = new ArrayList<>();
        for (long seq : mine.values()) {
            release(seq).ifPresent(gone::add);
        }
        if (blocks.isEmpty()) {
            return List.of(new KvEvent.Cleared(nextEventId++));
        }
        return gone.isEmpty() ? List.of() : List.of(new KvEvent.Removed(nextEventId++, gone));
    }

    /** Everything known, parents first, after a Cleared: what a router that lost events rebuilds this worker from. */
    List<KvEvent> snapshot() {
        List<KvEvent> out = new ArrayList<>(blocks.size() + 1);
        out.add(new KvEvent.Cleared(nextEventId++));
        blocks.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> e.getValue().depth))
                .forEach(e -> out.add(new KvEvent.Stored(
                        nextEventId++,
                        e.getValue().parent,
                        List.of(new KvEvent.StoredBlock(e.getKey(), e.getValue().localHash)))));
        return out;
    }

    /** Blocks Sluice currently announces for this worker. */
    int blockCount() {
        return blocks.size();
    }

    /** Drops one reference; the block's hash when that was the last. */
    private OptionalLong release(long seq) {
        Block b = blocks.get(seq);
        if (b == null || --b.refs > 0) {
            return OptionalLong.empty();
        }
        blocks.remove(seq);
        return OptionalLong.of(seq);
    }

    private int depthBelow(OptionalLong parent) {
        if (parent.isEmpty()) {
            return 0;
        }
        Block p = blocks.get(parent.getAsLong());
        return p == null ? 0 : p.depth + 1;
    }

    private static boolean tracked(Optional<String> medium, java.util.OptionalInt group) {
        return medium.map(m -> m.equalsIgnoreCase("GPU")).orElse(true) && group.orElse(0) == 0;
    }
}
