package dev.sluice.openaihttp.kvevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kvrouter.BlockHashes;
import dev.sluice.kvrouter.KvIndexer;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KvEventTranslatorTest {
    private static final int BLOCK = 4;
    private static final long WORKER = 7;

    private final KvEventCounters counters = new KvEventCounters();
    private final KvEventTranslator translator = new KvEventTranslator(BLOCK, counters);
    private final KvIndexer router = new KvIndexer("test", 16, (w, newly) -> {});

    private static EngineHash h(long bits) {
        return new EngineHash.Int(bits);
    }

    private static int[] tokens(int from, int count) {
        return IntStream.range(from, from + count).toArray();
    }

    private static EngineKvEvent stored(List<EngineHash> hashes, EngineHash parent, int[] tokens, int blockSize) {
        return new EngineKvEvent.BlockStored(
                hashes, Optional.ofNullable(parent), tokens, blockSize, false, Optional.of("GPU"), OptionalInt.empty());
    }

    private static EngineKvEvent removed(EngineHash... hashes) {
        return new EngineKvEvent.BlockRemoved(List.of(hashes), Optional.empty(), OptionalInt.empty());
    }

    private List<KvEvent> apply(int source, EngineKvEvent... events) {
        List<KvEvent> out = translator.translate(source, new EngineKvBatch(0, List.of(events), OptionalInt.empty()));
        router.applyNow(new WorkerKvEvents(WORKER, out));
        return out;
    }

    /** Blocks of {@code prompt} the router believes this worker holds. */
    private int matched(int[] prompt) {
        return router.findMatches(BlockHashes.localHashes(prompt, BLOCK)).matched(WORKER);
    }

    @Test
    void storedBlocksGetSluicesOwnChainedHashesSoTheRouterMatchesARequestsPrefix() {
        int[] prompt = tokens(100, 12);
        long[] local = BlockHashes.localHashes(prompt, BLOCK);
        long[] seq = BlockHashes.sequenceHashes(local);

        List<KvEvent> out = apply(0, stored(List.of(h(-1), h(2)), null, tokens(100, 8), BLOCK));
        assertThat(out)
                .containsExactly(new KvEvent.Stored(
                        0,
                        OptionalLong.empty(),
                        List.of(new KvEvent.StoredBlock(seq[0], local[0]), new KvEvent.StoredBlock(seq[1], local[1]))));
        assertThat(apply(0, stored(List.of(h(3)), h(2), tokens(108, 4), BLOCK)))
                .containsExactly(new KvEvent.Stored(
                        1, OptionalLong.of(seq[1]), List.of(new KvEvent.StoredBlock(seq[2], local[2]))));
        assertThat(matched(prompt)).isEqualTo(3);

        assertThat(apply(0, removed(h(3)))).containsExactly(new KvEvent.Removed(2, List.of(seq[2])));
        assertThat(matched(prompt)).isEqualTo(2);
    }

    @Test
    void blocksOfAnotherSizeAreRefusedAndCounted() {
        assertThat(apply(0, stored(List.of(h(1), h(2)), null, tokens(0, 32), 16)))
                .isEmpty();
        assertThat(counters.refusedBlocks()).isEqualTo(2);
        assertThat(translator.blockCount()).isZero();
    }

    @Test
    void aBlockHeldByTwoRanksStaysUntilBothLetGo() {
        int[] prompt = tokens(0, 4);
        apply(0, stored(List.of(h(10)), null, prompt, BLOCK));
        apply(1, stored(List.of(h(20)), null, prompt, BLOCK));
        assertThat(apply(0, removed(h(10)))).isEmpty();
        assertThat(matched(prompt)).isEqualTo(1);
        assertThat(apply(1, removed(h(20)))).hasSize(1);
        assertThat(matched(prompt)).isZero();
    }

    @Test
    void clearingOneRankWithdrawsOnlyItsBlocksAndTheLastOneClearsAll() {
        apply(0, stored(List.of(h(1)), null, tokens(0, 4), BLOCK));
        apply(1, stored(List.of(h(2)), null, tokens(50, 4), BLOCK));
        assertThat(apply(0, new EngineKvEvent.AllBlocksCleared()))
                .containsExactly(new KvEvent.Removed(2, List.of(BlockHashes.localHashes(tokens(0, 4), BLOCK)[0])));
        assertThat(matched(tokens(50, 4))).isEqualTo(1);
        assertThat(apply(1, new EngineKvEvent.AllBlocksCleared())).containsExactly(new KvEvent.Cleared(3));
        assertThat(matched(tokens(50, 4))).isZero();
    }

    @Test
    void aBlockWhoseParentIsUnknownIsDroppedAndCounted() {
        assertThat(apply(0, stored(List.of(h(5)), h(99), tokens(0, 4), BLOCK))).isEmpty();
        assertThat(counters.orphanBlocks()).isEqualTo(1);
    }

    @Test
    void offloadedCopiesLoraBlocksAndOtherGroupsAreNotTracked() {
        EngineKvEvent cpu = new EngineKvEvent.BlockStored(
                List.of(h(1)), Optional.empty(), tokens(0, 4), BLOCK, false, Optional.of("CPU"), OptionalInt.empty());
        EngineKvEvent lora = new EngineKvEvent.BlockStored(
                List.of(h(2)), Optional.empty(), tokens(0, 4), BLOCK, true, Optional.empty(), OptionalInt.empty());
        EngineKvEvent group1 = new EngineKvEvent.BlockStored(
                List.of(h(3)), Optional.empty(), tokens(0, 4), BLOCK, false, Optional.empty(), OptionalInt.of(1));
        assertThat(apply(0, cpu, lora, group1)).isEmpty();
        assertThat(counters.skippedBlocks()).isEqualTo(3);
        // and a CPU copy's removal does not withdraw the GPU block
        apply(0, stored(List.of(h(1)), null, tokens(0, 4), BLOCK));
        assertThat(apply(0, new EngineKvEvent.BlockRemoved(List.of(h(1)), Optional.of("CPU"), OptionalInt.empty())))
                .isEmpty();
        assertThat(matched(tokens(0, 4))).isEqualTo(1);
    }

    @Test
    void aTokenCountThatDoesNotFitTheBlocksIsInvalid() {
        assertThat(apply(0, stored(List.of(h(1), h(2)), null, tokens(0, 5), BLOCK)))
                .isEmpty();
        assertThat(counters.invalidMessages()).isEqualTo(1);
    }

    @Test
    void aSnapshotRebuildsAFreshRoutersViewParentsFirst() {
        int[] prompt = tokens(0, 16);
        apply(0, stored(List.of(h(1), h(2)), null, tokens(0, 8), BLOCK));
        apply(0, stored(List.of(h(3), h(4)), h(2), tokens(8, 8), BLOCK));
        apply(1, stored(List.of(h(9)), null, tokens(500, 4), BLOCK));

        KvIndexer fresh = new KvIndexer("fresh", 16, (w, newly) -> {});
        List<KvEvent> snapshot = translator.snapshot();
        assertThat(snapshot.getFirst()).isInstanceOf(KvEvent.Cleared.class);
        assertThat(snapshot).hasSize(6);
        fresh.applyNow(new WorkerKvEvents(WORKER, snapshot));
        assertThat(fresh.findMatches(BlockHashes.localHashes(prompt, BLOCK)).matched(WORKER))
                .isEqualTo(4);
        assertThat(fresh.findMatches(BlockHashes.localHashes(tokens(500, 4), BLOCK))
                        .matched(WORKER))
                .isEqualTo(1);
    }
}
