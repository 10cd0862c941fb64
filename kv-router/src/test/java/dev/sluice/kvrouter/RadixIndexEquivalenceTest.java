package dev.sluice.kvrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.KvEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Issue 18 replaced the index's boxed per-node worker maps with bitsets over worker slots: on random event streams
 * (more than 64 workers, so slots beyond the inline word; engine hashes reused, so several references per node;
 * interior blocks removed; clears; workers leaving and their slots reused) it must score exactly as the old index,
 * kept as {@link LegacyRadixIndex}.
 */
class RadixIndexEquivalenceTest {
    @Property(tries = 200)
    void bitsetIndexScoresLikeTheBoxedOne(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RadixIndex index = new RadixIndex();
        LegacyRadixIndex legacy = new LegacyRadixIndex();
        int workers = 1 + random.nextInt(90);
        long[] eventIds = new long[workers];
        OverlapScores reused = new OverlapScores();
        for (int op = 0; op < 300; op++) {
            int worker = random.nextInt(workers);
            KvEvent event = randomEvent(random, ++eventIds[worker]);
            if (random.nextInt(40) == 0) {
                index.removeWorker(worker);
                legacy.removeWorker(worker);
                continue;
            }
            if (random.nextInt(30) == 0) {
                eventIds[worker] += 2; // a gap
            }
            assertThat(index.apply(worker, event).name())
                    .isEqualTo(legacy.apply(worker, event).name());
            long[] request = randomPath(random, 1 + random.nextInt(12));
            Map<Long, Integer>[] expected = legacy.findMatches(request);
            OverlapScores actual = index.findMatches(request);
            assertThat(actual.matchedBlocks()).isEqualTo(expected[0]);
            assertThat(actual.treeSizes()).isEqualTo(expected[1]);
            index.findMatches(request, request.length, reused);
            assertThat(reused).isEqualTo(actual);
        }
        assertThat(index.paths()).isEqualTo(legacy.paths());
        assertThat(index.nodeCount()).isEqualTo(legacy.nodeCount());
    }

    /** Local hashes from a small alphabet so that paths share prefixes and branch. */
    private static long[] randomPath(SplittableRandom random, int length) {
        long[] path = new long[length];
        for (int i = 0; i < length; i++) {
            path[i] = random.nextInt(i < 3 ? 2 : 3);
        }
        return path;
    }

    private static KvEvent randomEvent(SplittableRandom random, long id) {
        int kind = random.nextInt(10);
        if (kind < 6) {
            List<KvEvent.StoredBlock> blocks = new ArrayList<>();
            int depth = random.nextInt(4);
            long[] path = randomPath(random, depth + 1 + random.nextInt(4));
            for (int i = depth; i < path.length; i++) {
                blocks.add(new KvEvent.StoredBlock(random.nextInt(60), path[i]));
            }
            OptionalLong parent = depth == 0 ? OptionalLong.empty() : OptionalLong.of(random.nextInt(60));
            return new KvEvent.Stored(id, parent, blocks);
        } else if (kind < 9) {
            return new KvEvent.Removed(id, List.of((long) random.nextInt(60), (long) random.nextInt(60)));
        }
        return new KvEvent.Cleared(id);
    }
}
