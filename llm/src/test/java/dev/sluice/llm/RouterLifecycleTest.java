package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.ModelCard;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.protocol.openai.OpenAiRequest;
import dev.sluice.protocol.openai.OpenAiRequestParser;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.Schedulers;
import dev.sluice.runtime.embedded.Embedded;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tiers and models that come and go release their KV routers: the router of a tier whose workers all vanished is
 * closed, and so is the pipeline of a model that is no longer served, so neither threads nor event-bus subscriptions
 * pile up.
 */
@Timeout(120)
class RouterLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelCard CARD = new ModelCard("m", 64, 16, "/nowhere", "sum");
    private static final int CYCLES = 1_000;

    /** An event bus that counts its open subscriptions and registered reconnect callbacks. */
    private static final class CountingBus implements EventBus {
        private final EventBus inner = Embedded.eventBus();
        private final AtomicInteger open = new AtomicInteger();

        @Override
        public void publish(String subject, byte[] payload) {
            inner.publish(subject, payload);
        }

        @Override
        public Subscription subscribe(String subject, Consumer<byte[]> handler) {
            return counted(inner.subscribe(subject, handler));
        }

        /** Subscriptions and reconnect callbacks alike. */
        private Subscription counted(Subscription sub) {
            open.incrementAndGet();
            return new Subscription() {
                private boolean closed;

                @Override
                public synchronized void close() {
                    if (!closed) {
                        closed = true;
                        open.decrementAndGet();
                    }
                    sub.close();
                }
            };
        }

        @Override
        public Subscription onReconnect(Runnable callback) {
            return counted(inner.onReconnect(callback));
        }

        int open() {
            return open.get();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static WorkerRegistration worker(Discovery d, RequestPlane plane, int seqlen) {
        return WorkerRegistration.register(
                d,
                plane,
                Duration.ofSeconds(5),
                new WorkerMetadata("m", WorkerRole.DECODE, seqlen, 64, 16, 100, 8, 256),
                CARD,
                id -> (req, ctx) -> ResponseStream.of(List.of(EngineOutput.finished(FinishReason.LENGTH, 7))));
    }

    private static OpenAiRequest hello() throws Exception {
        return OpenAiRequestParser.chat(JSON.readTree(
                "{\"model\":\"m\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hey\"}]}"));
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long indexerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kv-indexer-"))
                .count();
    }

    private record Fixture(
            Discovery discovery,
            RequestPlane plane,
            CountingBus bus,
            Schedulers.ThreadScheduler timers,
            ModelWatcher watcher)
            implements AutoCloseable {
        static Fixture start() {
            Discovery d = Embedded.discovery();
            RequestPlane plane = Embedded.requestPlane();
            CountingBus bus = new CountingBus();
            Schedulers.ThreadScheduler timers = Schedulers.thread("test-router-timers");
            ModelInfo info = new ModelInfo("m", 64, new ByteTokenizer(), chat -> "hey", List.of(), "sum");
            RouterSettings settings =
                    new RouterSettings("kv", KvRouterConfig.defaults(64), TierPolicy.Kind.FIT_TOTAL, 3, 0, false);
            ModelWatcher watcher = new ModelWatcher(
                    d,
                    card -> info,
                    (i, live, prefill) -> ModelPipeline.build(
                            i,
                            live,
                            prefill,
                            settings,
                            plane,
                            bus,
                            PipelineMetrics.NONE,
                            0,
                            RouterRuntime.serving(timers)));
            watcher.start();
            return new Fixture(d, plane, bus, timers, watcher);
        }

        void request(String id) throws Exception {
            ServedModel served = watcher.model("m").orElseThrow();
            assertThat(served.engine()
                            .generate(hello(), RequestContext.create(id))
                            .toList())
                    .isNotEmpty();
        }

        @Override
        public void close() {
            watcher.close();
            timers.close();
            bus.close();
            plane.close();
            discovery.close();
        }
    }

    @Test
    void aTierThatComesAndGoesAThousandTimesLeavesNoRouterBehind() throws Exception {
        try (Fixture f = Fixture.start();
                WorkerRegistration longTier = worker(f.discovery(), f.plane(), 64)) {
            f.request("warm-long"); // the 64-token tier's router stays for the whole test
            int baseThreads = liveThreads();
            int baseSubscriptions = f.bus().open();
            LiveWorkers workers = f.watcher().model("m").orElseThrow().workers();
            for (int i = 0; i < CYCLES; i++) {
                try (WorkerRegistration shortTier = worker(f.discovery(), f.plane(), 16)) {
                    assertThat(workers.tiers().keySet()).containsExactly(16, 64);
                    f.request("r" + i); // a 5-token prompt fits the 16-token tier, whose router is built now
                }
                assertThat(workers.tiers().keySet()).containsExactly(64);
            }
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(indexerThreads()).isLessThanOrEqualTo(1));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(liveThreads()).isLessThanOrEqualTo(baseThreads + 4));
            assertThat(f.bus().open()).isLessThanOrEqualTo(baseSubscriptions);
            assertThat(workers.listenerCount()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aModelThatComesAndGoesAThousandTimesHasItsPipelineClosed() throws Exception {
        try (Fixture f = Fixture.start()) {
            int baseThreads = liveThreads();
            int baseSubscriptions = f.bus().open();
            for (int i = 0; i < CYCLES; i++) {
                try (WorkerRegistration only = worker(f.discovery(), f.plane(), 64)) {
                    f.request("r" + i);
                }
                assertThat(f.watcher().model("m")).isEmpty();
            }
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(indexerThreads()).isZero());
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(liveThreads()).isLessThanOrEqualTo(baseThreads + 4));
            assertThat(f.bus().open()).isLessThanOrEqualTo(baseSubscriptions);
        }
    }
}
