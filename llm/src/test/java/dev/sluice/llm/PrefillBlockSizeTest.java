package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.mocker.MockerConfig;
import dev.sluice.mocker.MockerEngine;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.Schedulers;
import dev.sluice.runtime.embedded.Embedded;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The prefill pool's KV router hashes prompts in the block size its workers registered with, not the frontend's
 * default, so a repeated prefix is found cached on the prefill worker and its prefill is skipped.
 */
@Timeout(30)
class PrefillBlockSizeTest {
    private static final int MAX_SEQLEN = 4096;
    private static final int BLOCK = 16;

    private static InstanceRecord record(long id, String address, WorkerRole role) {
        return new InstanceRecord(
                WorkerRegistration.NAMESPACE,
                role.decodes() ? WorkerRegistration.COMPONENT : WorkerRegistration.PREFILL_COMPONENT,
                WorkerRegistration.ENDPOINT,
                id,
                address,
                new WorkerMetadata("m", role, MAX_SEQLEN, MAX_SEQLEN, BLOCK, 512, 256, 8192));
    }

    @Test
    void aPrefillPoolOfSixteenTokenBlocksGetsARouterThatMatchesARepeatedPrefix() throws Exception {
        String prefillKv = DiscoveryKeys.kvEventSubject(
                WorkerRegistration.NAMESPACE, WorkerRegistration.PREFILL_COMPONENT, MAX_SEQLEN);
        int[] vocab = IntStream.range(1000, 2000).toArray();
        int[] prompt = IntStream.range(0, 640).toArray();
        AtomicInteger prefills = new AtomicInteger();
        try (EventBus bus = Embedded.eventBus();
                RequestPlane plane = Embedded.requestPlane();
                Schedulers.ThreadScheduler timers = Schedulers.thread("test-timers");
                MockerEngine prefillEngine = new MockerEngine(
                        MockerConfig.defaults(11, MAX_SEQLEN, vocab)
                                .withBlocks(512, BLOCK)
                                .withSpeedup(1e6, 1)
                                .withSubjects(prefillKv, ""),
                        bus)) {
            prefillEngine.start();
            RequestPlane.Registration prefillServed = plane.serve(11, (request, context) -> {
                prefills.incrementAndGet();
                return prefillEngine.generate(request, context);
            });
            RequestPlane.Registration decodeServed = plane.serve(
                    21,
                    (request, context) -> ResponseStream.of(List.of(EngineOutput.finished(FinishReason.LENGTH, 7))));
            LiveWorkers decode = new LiveWorkers();
            decode.update(List.of(record(21, decodeServed.address(), WorkerRole.DECODE)));
            LiveWorkers prefill = new LiveWorkers();
            prefill.update(List.of(record(11, prefillServed.address(), WorkerRole.PREFILL)));
            RouterSettings settings =
                    new RouterSettings("kv", KvRouterConfig.defaults(64), TierPolicy.Kind.FIT_TOTAL, 3, 0, false);
            try (ClosableEngine<PreprocessedRequest, EngineOutput> routing = ModelPipeline.routing(
                    "m",
                    MAX_SEQLEN,
                    decode,
                    prefill,
                    settings,
                    plane,
                    bus,
                    PipelineMetrics.NONE,
                    100,
                    RouterRuntime.serving(timers))) {
                AtomicInteger attempt = new AtomicInteger();
                await().atMost(Duration.ofSeconds(15)).until(() -> {
                    int before = prefills.get();
                    routing.generate(
                                    PreprocessedRequest.of("m", prompt, StopConditions.maxTokens(2)),
                                    RequestContext.create("r" + attempt.incrementAndGet()))
                            .toList();
                    return prefills.get() == before;
                });
                assertThat(prefills.get())
                        .as("the first request is prefilled on the prefill worker")
                        .isGreaterThanOrEqualTo(1);
            }
            prefillServed.close();
            decodeServed.close();
        }
    }
}
