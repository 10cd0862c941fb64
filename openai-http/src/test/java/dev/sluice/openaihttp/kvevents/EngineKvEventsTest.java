package dev.sluice.openaihttp.kvevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.kvrouter.BlockHashes;
import dev.sluice.kvrouter.KvIndexer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker's KV events from a stand-in engine over real ZMQ sockets on loopback, into a real KV index. */
@Timeout(60)
class EngineKvEventsTest {
    private static final int BLOCK = 4;
    private static final long WORKER = 11;

    private final EngineBatches vllm = EngineBatches.vllm();
    private final KvIndexer router = new KvIndexer("test", 1024, (w, newly) -> {});
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private StandInKvPublisher engine(int port, boolean replay) {
        StandInKvPublisher e = new StandInKvPublisher(port, replay);
        closing.add(e);
        return e;
    }

    private EngineKvEvents follow(StandInKvPublisher... engines) {
        List<EngineKvEvents.Endpoint> endpoints = new ArrayList<>();
        for (StandInKvPublisher e : engines) {
            endpoints.add(new EngineKvEvents.Endpoint(e.eventsEndpoint(), e.replayEndpoint()));
        }
        EngineKvEvents events = new EngineKvEvents(
                new EngineKvEvents.Config(WORKER, BLOCK, endpoints, Duration.ofSeconds(5)), router::applyNow);
        closing.add(events);
        events.start();
        return events;
    }

    private static int[] tokens(int from, int count) {
        return IntStream.range(from, from + count).toArray();
    }

    /** A batch storing the blocks of {@code tokens} under engine hashes {@code first, first+1, ...}. */
    private byte[] store(long first, Long parent, int[] tokens) {
        long[] hashes = LongStreamOf.range(first, tokens.length / BLOCK);
        return vllm.batch(1.0, List.of(vllm.stored(hashes, parent, tokens, BLOCK)), 0);
    }

    private int matched(int[] prompt) {
        return router.findMatches(BlockHashes.localHashes(prompt, BLOCK)).matched(WORKER);
    }

    /** Publishes empty batches until the subscriber takes them (a ZMQ subscriber misses what precedes its joining). */
    private void awaitFlowing(StandInKvPublisher engine, EngineKvEvents events) {
        await().pollInSameThread()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    engine.publish(vllm.batch(0.0, List.of(), 0));
                    return events.counters().batches() > 0;
                });
    }

    @Test
    void theEnginesBlocksReachTheRouterUnderSluicesHashes() {
        StandInKvPublisher engine = engine(0, false);
        EngineKvEvents events = follow(engine);
        awaitFlowing(engine, events);
        engine.publish(store(-2L, null, tokens(0, 8))); // an engine hash above 2^63
        engine.publish(store(500L, -1L, tokens(8, 4)));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(0, 16)) == 3);
        engine.publish(vllm.batch(2.0, List.of(vllm.removed(500L)), 0));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(0, 16)) == 2);
    }

    @Test
    void aGapIsFilledFromTheReplaySocket() {
        StandInKvPublisher engine = engine(0, true);
        EngineKvEvents events = follow(engine);
        awaitFlowing(engine, events);
        int requestsBefore = engine.replayRequests();
        engine.publish(store(1L, null, tokens(0, 4)));
        engine.withhold(store(2L, 1L, tokens(4, 4))); // never reaches the subscriber live
        engine.publish(store(3L, 2L, tokens(8, 4)));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(0, 12)) == 3);
        assertThat(engine.replayRequests()).isGreaterThan(requestsBefore);
        assertThat(events.counters().lostBatches()).isZero();
    }

    @Test
    void withoutAReplaySocketAGapIsCountedAsLost() {
        StandInKvPublisher engine = engine(0, false);
        EngineKvEvents events = follow(engine);
        awaitFlowing(engine, events);
        engine.withhold(store(1L, null, tokens(0, 4)));
        engine.withhold(store(2L, null, tokens(100, 4)));
        engine.publish(store(3L, null, tokens(200, 4)));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(200, 4)) == 1);
        assertThat(events.counters().lostBatches()).isEqualTo(2);
        assertThat(events.counters().prometheus()).contains("sluice_engine_kv_batches_lost_total 2");
    }

    @Test
    void aWorkerThatJoinsARunningEngineLearnsItsCacheFromTheReplay() {
        StandInKvPublisher engine = engine(0, true);
        engine.withhold(store(1L, null, tokens(0, 8))); // published before the worker existed
        EngineKvEvents events = follow(engine);
        awaitFlowing(engine, events);
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(0, 8)) == 2);
        assertThat(events.counters().lostBatches()).isZero();
    }

    @Test
    void anEngineRestartForgetsItsOldBlocksAndRebuildsFromItsNewEvents() {
        StandInKvPublisher engine = engine(0, false);
        EngineKvEvents events = follow(engine);
        awaitFlowing(engine, events);
        engine.publish(store(1L, null, tokens(0, 8)));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(0, 8)) == 2);

        engine.restart(); // numbering starts again at 0; the same hashes now name other blocks
        engine.publish(store(1L, null, tokens(300, 4)));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(300, 4)) == 1);
        assertThat(matched(tokens(0, 8))).isZero();
        assertThat(events.counters().restarts()).isEqualTo(1);
        engine.publish(store(2L, 1L, tokens(304, 4)));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(300, 8)) == 2);
    }

    @Test
    void garbageIsSkippedAndCountedAndTheStreamGoesOn() {
        StandInKvPublisher engine = engine(0, false);
        EngineKvEvents events = follow(engine);
        awaitFlowing(engine, events);
        engine.sendRaw("only one frame".getBytes(StandardCharsets.UTF_8));
        engine.sendRaw(new byte[0], new byte[] {1, 2}, new byte[] {(byte) 0x90}); // a 2-byte sequence number
        engine.publish("not msgpack at all".getBytes(StandardCharsets.UTF_8));
        engine.publish(new byte[] {(byte) 0x92, 0x01, (byte) 0x91, 0x07}); // an event that is a number
        engine.publish(store(1L, null, tokens(0, 4)));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(0, 4)) == 1);
        assertThat(events.counters().invalidMessages()).isEqualTo(4);
        assertThat(events.counters().lostBatches()).isZero();
    }

    @Test
    void anUnreachableEndpointIsRetriedUntilTheEngineComesUp() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        EngineKvEvents events = new EngineKvEvents(
                new EngineKvEvents.Config(
                        WORKER,
                        BLOCK,
                        List.of(new EngineKvEvents.Endpoint("tcp://127.0.0.1:" + port, Optional.empty())),
                        Duration.ofSeconds(5)),
                router::applyNow);
        closing.add(events);
        events.start();
        assertThat(events.connected()).isFalse();

        StandInKvPublisher engine = engine(port, false); // the engine starts late
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(events::connected);
        awaitFlowing(engine, events);
        engine.publish(store(1L, null, tokens(0, 4)));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> matched(tokens(0, 4)) == 1);
    }

    @Test
    void dataParallelRanksAddUpAndASnapshotAnnouncesTheirBlocksAgain() {
        StandInKvPublisher rank0 = engine(0, false);
        StandInKvPublisher rank1 = engine(0, false);
        EngineKvEvents events = follow(rank0, rank1);
        awaitFlowing(rank0, events);
        long before = events.counters().batches();
        await().pollInSameThread()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    rank1.publish(vllm.batch(0.0, List.of(), 1));
                    return events.counters().batches() > before;
                });
        rank0.publish(store(1L, null, tokens(0, 4)));
        rank1.publish(store(1L, null, tokens(40, 4))); // the same engine hash on another rank is another block
        await().pollInSameThread()
                .atMost(Duration.ofSeconds(10))
                .until(() -> matched(tokens(0, 4)) == 1 && matched(tokens(40, 4)) == 1);

        router.removeWorker(WORKER); // a router that lost everything
        events.publishSnapshot();
        assertThat(matched(tokens(0, 4))).isEqualTo(1);
        assertThat(matched(tokens(40, 4))).isEqualTo(1);
    }

    /** Consecutive engine hashes. */
    private static final class LongStreamOf {
        static long[] range(long first, int count) {
            return java.util.stream.LongStream.range(0, count)
                    .map(i -> first + i)
                    .toArray();
        }
    }
}
