package dev.sluice.mocker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kvrouter.BlockHashes;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.runtime.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulated worker's scheduler and cache, stepped by hand: no threads, no clock. */
@Timeout(10)
class MockerCoreTest {
    static final int[] VOCAB = {100, 101, 102, 103, 104, 105, 106, 107};

    static MockerConfig config(int seqlen, int blocks, int blockSize, int maxSeqs, int budget) {
        return MockerConfig.defaults(1, seqlen, VOCAB)
                .withBlocks(blocks, blockSize)
                .withBatching(maxSeqs, budget);
    }

    static int[] prompt(int length, int base) {
        int[] p = new int[length];
        Arrays.setAll(p, i -> base + i);
        return p;
    }

    record Run(Sequence seq, Channel<EngineOutput> out) {
        List<EngineOutput> outputs() {
            List<EngineOutput> list = new ArrayList<>();
            for (var o = out.next(); o.isPresent(); o = out.next()) {
                list.add(o.get());
            }
            return list;
        }
    }

    static long ids;

    static Run add(MockerCore core, int[] prompt, int maxTokens) {
        Channel<EngineOutput> out = new Channel<>(maxTokens + 4, () -> {});
        Sequence s =
                new Sequence(++ids, PreprocessedRequest.of("m", prompt, StopConditions.maxTokens(maxTokens)), out, 7);
        core.add(s);
        return new Run(s, out);
    }

    /** One step, its outputs sent as the worker sends them once the step's time has passed. */
    static double step(MockerCore core) {
        double millis = core.step();
        core.deliver();
        return millis;
    }

    static double runToEnd(MockerCore core) {
        double total = 0;
        for (int i = 0; i < 100_000 && !core.idle(); i++) {
            total += step(core);
        }
        assertThat(core.idle()).isTrue();
        return total;
    }

    @Test
    void generatesMaxTokensThenFinishesWithLengthAndFreesBlocks() {
        MockerCore core = new MockerCore(config(1000, 64, 4, 8, 64));
        Run r = add(core, prompt(10, 1), 5);
        runToEnd(core);
        List<EngineOutput> outs = r.outputs();
        assertThat(outs).hasSize(5);
        assertThat(outs.getLast().finishReason()).contains(FinishReason.LENGTH);
        assertThat(outs.stream().flatMapToInt(o -> Arrays.stream(o.tokenIds())))
                .allSatisfy(t -> assertThat(VOCAB).contains(t));
        assertThat(core.pool().used()).isZero();
        assertThat(core.pool().cached()).isEqualTo(15 / 4);
    }

    @Test
    void prefixReuseSkipsPrefillAndReportsCachedTokens() {
        MockerCore core = new MockerCore(config(10_000, 1024, 16, 8, 8192));
        Run first = add(core, prompt(4000, 1), 1);
        double fresh = runToEnd(core);
        assertThat(first.outputs().getFirst().cachedTokens()).isZero();
        Run second = add(core, prompt(4000, 1), 1);
        double repeated = runToEnd(core);
        assertThat(second.outputs().getFirst().cachedTokens()).isEqualTo(3999 / 16 * 16);
        assertThat(repeated).isLessThan(fresh / 5);
    }

    @Test
    void longPromptsArePrefilledInChunksAcrossSteps() {
        MockerCore core = new MockerCore(config(10_000, 1024, 16, 8, 512));
        Run r = add(core, prompt(2000, 1), 1);
        int steps = 0;
        while (!core.idle()) {
            step(core);
            steps++;
        }
        assertThat(steps).isEqualTo(4);
        assertThat(r.outputs()).hasSize(1);
    }

    @Test
    void batchesAtMostMaxNumSeqs() {
        MockerCore core = new MockerCore(config(1000, 256, 4, 2, 1000));
        for (int i = 0; i < 5; i++) {
            add(core, prompt(8, 1000 * i), 50);
        }
        step(core);
        assertThat(core.running()).isEqualTo(2);
        assertThat(core.waiting()).isEqualTo(3);
        runToEnd(core);
    }

    @Test
    void aSequenceReachingItsTierLimitStopsWithContextLimitAndTheLastTokenIsDelivered() {
        MockerCore core = new MockerCore(config(20, 64, 4, 8, 64));
        Run r = add(core, prompt(12, 1), 100);
        runToEnd(core);
        List<EngineOutput> outs = r.outputs();
        assertThat(outs).hasSize(8);
        assertThat(outs.getLast().finishReason()).contains(FinishReason.CONTEXT_LIMIT);
        assertThat(outs.getLast().tokenIds()).hasSize(1);
        Run tooLong = add(core, prompt(20, 1), 5);
        runToEnd(core);
        assertThat(tooLong.outputs()).singleElement().satisfies(o -> {
            assertThat(o.tokenIds()).isEmpty();
            assertThat(o.finishReason()).contains(FinishReason.CONTEXT_LIMIT);
        });
    }

    @Test
    void cancellingFreesEveryBlock() {
        MockerCore core = new MockerCore(config(1000, 64, 4, 8, 64));
        Run r = add(core, prompt(30, 1), 200);
        for (int i = 0; i < 10; i++) {
            step(core);
        }
        assertThat(core.pool().used()).isGreaterThan(0);
        core.cancel(r.seq().id);
        assertThat(core.pool().used()).isZero();
        assertThat(core.idle()).isTrue();
    }

    @Test
    void whenBlocksRunOutTheNewestSequenceIsPreemptedAndRecomputedAndBothComplete() {
        MockerCore core = new MockerCore(config(1000, 12, 4, 8, 1000));
        Run a = add(core, prompt(16, 1), 20);
        Run b = add(core, prompt(16, 500), 20);
        runToEnd(core);
        assertThat(a.outputs().stream().mapToInt(EngineOutput::tokenCount).sum())
                .isEqualTo(20);
        assertThat(b.outputs().stream().mapToInt(EngineOutput::tokenCount).sum())
                .isEqualTo(20);
        assertThat(core.pool().used()).isZero();
    }

    @Test
    void lruEvictsTheLeastRecentlyUsedCachedBlock() {
        BlockPool pool = new BlockPool(2);
        pool.acquire(1, 1, java.util.OptionalLong.empty());
        pool.acquire(2, 2, java.util.OptionalLong.empty());
        pool.markComputed(1);
        pool.markComputed(2);
        pool.release(2);
        pool.release(1);
        assertThat(pool.evictionOrder()).containsExactly(2L, 1L);
        pool.acquire(3, 3, java.util.OptionalLong.empty());
        pool.markComputed(3);
        assertThat(pool.isCached(2)).isFalse();
        assertThat(pool.isCached(1)).isTrue();
        assertThat(pool.drainEvents()).element(2).isEqualTo(new KvEvent.Removed(2, List.of(2L)));
    }

    @Test
    void replayingTheEventsRebuildsExactlyTheCachedSet() {
        MockerCore core = new MockerCore(config(1000, 40, 4, 4, 64));
        Set<Long> replayed = new HashSet<>();
        for (int round = 0; round < 30; round++) {
            add(core, prompt(5 + (round * 7) % 23, (round % 4) * 1000), 3 + round % 5);
            if (round % 3 == 2) {
                runToEnd(core);
            }
            for (int i = 0; i < 3; i++) {
                step(core);
            }
            for (KvEvent e : core.drainEvents()) {
                switch (e) {
                    case KvEvent.Stored s ->
                        s.blocks().forEach(b -> assertThat(replayed.add(b.blockHash()))
                                .isTrue());
                    case KvEvent.Removed r ->
                        r.blockHashes()
                                .forEach(h -> assertThat(replayed.remove(h)).isTrue());
                    case KvEvent.Cleared c -> replayed.clear();
                }
            }
            assertThat(replayed).hasSize(core.pool().announced());
            assertThat(replayed)
                    .allSatisfy(h -> assertThat(core.pool().isComputed(h)).isTrue());
        }
    }

    @Test
    void blocksStillBeingPrefilledAreNeitherAnnouncedNorHits() {
        // Regression: blocks were announced (and counted as prefix hits) at allocation, before their KV existed.
        MockerCore core = new MockerCore(config(100_000, 4096, 16, 8, 512));
        add(core, prompt(2000, 1), 1);
        step(core);
        assertThat(core.drainEvents()).hasSize(512 / 16);
        runToEnd(core);
        assertThat(core.drainEvents()).hasSize(2000 / 16 - 512 / 16);
    }

    @Test
    void storedBlocksCarryRouterCompatibleHashes() {
        MockerCore core = new MockerCore(config(1000, 64, 4, 8, 64));
        int[] p = prompt(9, 1);
        add(core, p, 1);
        runToEnd(core);
        List<KvEvent> events = core.drainEvents();
        long[] local = BlockHashes.localHashes(p, 4);
        long[] seq = BlockHashes.sequenceHashes(local);
        assertThat(events.get(0))
                .isEqualTo(new KvEvent.Stored(
                        0, java.util.OptionalLong.empty(), List.of(new KvEvent.StoredBlock(seq[0], local[0]))));
        assertThat(events.get(1))
                .isEqualTo(new KvEvent.Stored(
                        1, java.util.OptionalLong.of(seq[0]), List.of(new KvEvent.StoredBlock(seq[1], local[1]))));
    }
}
