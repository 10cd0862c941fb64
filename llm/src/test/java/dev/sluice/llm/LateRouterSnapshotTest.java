package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.mocker.MockerConfig;
import dev.sluice.mocker.MockerEngine;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.Schedulers;
import dev.sluice.runtime.embedded.Embedded;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A KV router created after its workers cached blocks asks them for a snapshot and sees those blocks. */
@Timeout(30)
class LateRouterSnapshotTest {
    @Test
    void aLateRouterLearnsWhatTheWorkersAlreadyCache() throws Exception {
        String kv = DiscoveryKeys.kvEventSubject("sluice", "backend", 4096);
        int[] vocab = IntStream.range(1000, 2000).toArray();
        int[] prompt = IntStream.range(0, 640).toArray();
        try (EventBus bus = Embedded.eventBus();
                MockerEngine w1 = new MockerEngine(
                        MockerConfig.defaults(1, 4096, vocab)
                                .withBlocks(512, 16)
                                .withSpeedup(1e6, 1)
                                .withSubjects(kv, ""),
                        bus);
                MockerEngine w2 = new MockerEngine(
                        MockerConfig.defaults(2, 4096, vocab)
                                .withBlocks(512, 16)
                                .withSpeedup(1e6, 2)
                                .withSubjects(kv, ""),
                        bus)) {
            w1.start();
            w2.start();
            w2.generate(PreprocessedRequest.of("m", prompt, StopConditions.maxTokens(2)), RequestContext.create("warm"))
                    .toList();

            try (Schedulers.ThreadScheduler timers = Schedulers.thread("test-timers");
                    KvWorkerSelector late = new KvWorkerSelector(
                            4096,
                            KvRouterConfig.defaults(16),
                            bus,
                            "sluice",
                            "backend",
                            new SplittableRandom(1),
                            false,
                            RouterRuntime.serving(timers))) {
                List<InstanceRecord> workers = List.of(record(1), record(2));
                AtomicInteger attempt = new AtomicInteger();
                WorkerSelector.Selection s = await().atMost(Duration.ofSeconds(10))
                        .until(
                                () -> {
                                    String id = "p" + attempt.incrementAndGet();
                                    WorkerSelector.Selection chosen = late.trySelect(
                                                    workers,
                                                    PreprocessedRequest.of("m", prompt, StopConditions.maxTokens(1)),
                                                    id)
                                            .orElseThrow();
                                    late.finished(id);
                                    return chosen;
                                },
                                chosen -> chosen.overlapBlocks() > 0);
                assertThat(s.worker().instanceId()).isEqualTo(2);
                assertThat(s.overlapBlocks()).isEqualTo(640 / 16);
            }
        }
    }

    private static InstanceRecord record(long id) {
        return new InstanceRecord(
                "sluice",
                "backend",
                "generate",
                id,
                "local",
                new WorkerMetadata("m", WorkerRole.DECODE, 4096, 4096, 16, 512, 256, 8192));
    }
}
