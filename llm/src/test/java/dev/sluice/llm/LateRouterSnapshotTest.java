package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.sluice.runtime.embedded.Embedded;
import java.util.List;
import java.util.SplittableRandom;
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

            try (KvWorkerSelector late = new KvWorkerSelector(
                    4096, KvRouterConfig.defaults(16), bus, "sluice", "backend", new SplittableRandom(1), false)) {
                List<InstanceRecord> workers = List.of(record(1), record(2));
                WorkerSelector.Selection s = null;
                for (int i = 0; i < 200; i++) {
                    s = late.select(workers, PreprocessedRequest.of("m", prompt, StopConditions.maxTokens(1)), "p" + i);
                    late.finished("p" + i);
                    if (s.overlapBlocks() > 0) {
                        break;
                    }
                    Thread.sleep(10);
                }
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
