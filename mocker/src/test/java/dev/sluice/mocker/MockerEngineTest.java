package dev.sluice.mocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerKvEvents;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.embedded.Embedded;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine through its own loop thread at a very high speedup. */
@Timeout(30)
class MockerEngineTest {
    private static MockerConfig config() {
        return MockerConfig.defaults(5, 4096, MockerCoreTest.VOCAB)
                .withBlocks(256, 16)
                .withSpeedup(1e6, 1)
                .withSubjects("kv", "load");
    }

    @Test
    void servesConcurrentRequestsAndPublishesKvEvents() throws Exception {
        List<WorkerKvEvents> events = new CopyOnWriteArrayList<>();
        try (EventBus bus = Embedded.eventBus();
                MockerEngine engine = new MockerEngine(config(), bus);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            bus.subscribe("kv", b -> events.add(EventCodec.decodeKvEvents(b)));
            engine.start();
            List<Future<List<EngineOutput>>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int[] prompt = MockerCoreTest.prompt(40, i * 100);
                results.add(pool.submit(() -> engine.generate(
                                PreprocessedRequest.of("m", prompt, StopConditions.maxTokens(10)),
                                RequestContext.create("r"))
                        .toList()));
            }
            for (Future<List<EngineOutput>> f : results) {
                assertThat(f.get().stream().mapToInt(EngineOutput::tokenCount).sum())
                        .isEqualTo(10);
            }
            assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.workerId())
                    .isEqualTo(5));
        }
    }

    @Test
    void closingAStreamEarlyFreesTheBlocks() throws Exception {
        try (EventBus bus = Embedded.eventBus();
                MockerEngine engine = new MockerEngine(config().withSpeedup(100, 1), bus)) {
            engine.start();
            ResponseStream<EngineOutput> s = engine.generate(
                    PreprocessedRequest.of("m", MockerCoreTest.prompt(50, 1), StopConditions.maxTokens(3000)),
                    RequestContext.create("r"));
            s.next();
            s.next();
            assertThat(engine.stats().usedBlocks()).isGreaterThan(0);
            s.close();
            for (int i = 0; i < 500 && engine.stats().usedBlocks() > 0; i++) {
                Thread.sleep(10);
            }
            assertThat(engine.stats().usedBlocks()).isZero();
        }
    }

    @Test
    void closingTheEngineBreaksOpenStreams() {
        try (EventBus bus = Embedded.eventBus()) {
            MockerEngine engine = new MockerEngine(config().withSpeedup(10, 1), bus);
            engine.start();
            ResponseStream<EngineOutput> s = engine.generate(
                    PreprocessedRequest.of("m", MockerCoreTest.prompt(50, 1), StopConditions.maxTokens(3000)),
                    RequestContext.create("r"));
            s.next();
            engine.close();
            assertThatThrownBy(() -> {
                        while (s.next().isPresent()) {
                            // drain what was buffered before the worker stopped
                        }
                    })
                    .isInstanceOf(StreamBrokenException.class);
            assertThatThrownBy(() -> engine.generate(
                            PreprocessedRequest.of("m", new int[] {1}, StopConditions.maxTokens(1)),
                            RequestContext.create("x")))
                    .isInstanceOf(StreamBrokenException.class);
        }
    }

    @Test
    void requestsWithoutASeedGetUnrelatedTokenStreams() {
        try (EventBus bus = Embedded.eventBus();
                MockerEngine engine = new MockerEngine(
                        MockerConfig.defaults(
                                        5,
                                        4096,
                                        java.util.stream.IntStream.range(0, 5000)
                                                .toArray())
                                .withSpeedup(1e6, 1),
                        bus)) {
            engine.start();
            List<int[]> streams = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                streams.add(engine
                        .generate(
                                PreprocessedRequest.of("m", new int[] {1, 2, 3}, StopConditions.maxTokens(6)),
                                RequestContext.create("r" + i))
                        .toList()
                        .stream()
                        .flatMapToInt(o -> java.util.Arrays.stream(o.tokenIds()))
                        .toArray());
            }
            // Regression: seeds id*golden-ratio made each stream the previous one shifted by a token.
            assertThat(java.util.Arrays.copyOfRange(streams.get(1), 0, 5))
                    .isNotEqualTo(java.util.Arrays.copyOfRange(streams.get(0), 1, 6));
            assertThat(streams.get(1)).isNotEqualTo(streams.get(0));
        }
    }

    @Test
    void aSnapshotRequestReannouncesEveryCachedBlockAfterACleared() throws Exception {
        try (EventBus bus = Embedded.eventBus();
                MockerEngine engine = new MockerEngine(config(), bus)) {
            engine.start();
            engine.generate(
                            PreprocessedRequest.of("m", MockerCoreTest.prompt(100, 1), StopConditions.maxTokens(3)),
                            RequestContext.create("r"))
                    .toList();
            List<dev.sluice.protocol.KvEvent> seen = new CopyOnWriteArrayList<>();
            bus.subscribe("kv", b -> seen.addAll(EventCodec.decodeKvEvents(b).events()));
            bus.publish("kv.snapshot", new byte[0]);
            for (int i = 0; i < 500 && seen.size() < 7; i++) {
                Thread.sleep(10);
            }
            assertThat(seen.getFirst()).isInstanceOf(dev.sluice.protocol.KvEvent.Cleared.class);
            assertThat(seen.subList(1, seen.size())).hasSize(100 / 16).allSatisfy(e -> assertThat(e)
                    .isInstanceOf(dev.sluice.protocol.KvEvent.Stored.class));
        }
    }
}
