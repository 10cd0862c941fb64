package dev.sluice.kvrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.KvEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The radix index against a naive model: per worker, the set of cached block paths (each a list of local hashes from
 * the root). Random workers store random chains that share prefixes, evict, clear and leave.
 */
class RadixIndexPropertiesTest {
    /** One engine block: its path of local hashes from the root; its engine hash is derived from the path. */
    private static long engineHash(List<Long> path) {
        return path.hashCode() * 31L + path.size();
    }

    @Property(tries = 300)
    void indexMatchesANaiveMapOfSets(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 999) Integer> ops) {
        RadixIndex index = new RadixIndex();
        Map<Long, Set<List<Long>>> model = new HashMap<>();
        Map<Long, Long> eventIds = new HashMap<>();
        for (int op : ops) {
            long worker = op % 4;
            long id = eventIds.merge(worker, 1L, Long::sum);
            int kind = (op / 4) % 10;
            Set<List<Long>> cached = model.computeIfAbsent(worker, w -> new HashSet<>());
            if (kind < 6) {
                // store a chain of 1-3 blocks under a random cached parent (or the root)
                List<Long> parent = pickParent(cached, op);
                List<KvEvent.StoredBlock> blocks = new ArrayList<>();
                List<Long> path = new ArrayList<>(parent);
                for (int i = 0; i <= (op / 40) % 3; i++) {
                    path.add((long) ((op / 7 + i) % 3));
                    blocks.add(new KvEvent.StoredBlock(engineHash(path), path.getLast()));
                    cached.add(List.copyOf(path));
                }
                OptionalLong parentHash = parent.isEmpty() ? OptionalLong.empty() : OptionalLong.of(engineHash(parent));
                index.apply(worker, new KvEvent.Stored(id, parentHash, blocks));
            } else if (kind < 8 && !cached.isEmpty()) {
                // evict a leaf (engines evict blocks with no cached children first)
                List<Long> leaf = cached.stream()
                        .filter(p -> cached.stream().noneMatch(q -> isChild(p, q)))
                        .sorted((a, b) -> a.toString().compareTo(b.toString()))
                        .toList()
                        .getFirst();
                cached.remove(leaf);
                index.apply(worker, new KvEvent.Removed(id, List.of(engineHash(leaf))));
            } else if (kind == 8) {
                cached.clear();
                index.apply(worker, new KvEvent.Cleared(id));
            } else {
                model.remove(worker);
                index.removeWorker(worker);
                eventIds.remove(worker);
            }
            model.values().removeIf(Set::isEmpty);
            assertThat(index.paths()).isEqualTo(model);
        }
        for (long w = 0; w < 4; w++) {
            for (List<Long> path : model.getOrDefault(w, Set.of())) {
                long[] hashes = path.stream().mapToLong(Long::longValue).toArray();
                assertThat(index.findMatches(hashes).matched(w)).isEqualTo(path.size());
            }
        }
    }

    private static boolean isChild(List<Long> parent, List<Long> child) {
        return child.size() == parent.size() + 1
                && child.subList(0, parent.size()).equals(parent);
    }

    private static List<Long> pickParent(Set<List<Long>> cached, int op) {
        if (cached.isEmpty() || op % 3 == 0) {
            return List.of();
        }
        List<List<Long>> sorted = cached.stream()
                .sorted((a, b) -> a.toString().compareTo(b.toString()))
                .toList();
        return sorted.get(op % sorted.size());
    }
}
