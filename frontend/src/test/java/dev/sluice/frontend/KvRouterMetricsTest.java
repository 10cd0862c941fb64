package dev.sluice.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.llm.ClosableEngine;
import dev.sluice.llm.KvIndexCounters;
import dev.sluice.llm.LiveWorkers;
import dev.sluice.llm.ModelPipeline;
import dev.sluice.llm.RouterRuntime;
import dev.sluice.llm.RouterSettings;
import dev.sluice.llm.TierPolicy;
import dev.sluice.llm.WorkerRegistration;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerKvEvents;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.Schedulers;
import dev.sluice.runtime.embedded.Embedded;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The KV routers' applied and dropped event counters appear in the /metrics text. */
@Timeout(30)
class KvRouterMetricsTest {
    private static String scrape(FrontendMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private record Fixed(long appliedEvents, long droppedBatches) implements KvIndexCounters {}

    @Test
    void liveAndClosedRoutersAreExported() throws Exception {
        FrontendMetrics metrics = new FrontendMetrics();
        Fixed first = new Fixed(5, 1);
        metrics.kvRouterOpened("m", "decode-64", first);
        metrics.kvRouterOpened("m", "prefill", new Fixed(7, 0));
        assertThat(scrape(metrics))
                .contains("sluice_kv_router_applied_events_total{model=\"m\",router=\"decode-64\"} 5.0")
                .contains("sluice_kv_router_applied_events_total{model=\"m\",router=\"prefill\"} 7.0")
                .contains("sluice_kv_router_dropped_batches_total{model=\"m\",router=\"decode-64\"} 1.0");
        metrics.kvRouterClosed("m", "decode-64", first);
        metrics.kvRouterOpened("m", "decode-64", new Fixed(2, 0));
        assertThat(scrape(metrics))
                .as("a rebuilt router's counts add to its predecessor's")
                .contains("sluice_kv_router_applied_events_total{model=\"m\",router=\"decode-64\"} 7.0")
                .contains("sluice_kv_router_dropped_batches_total{model=\"m\",router=\"decode-64\"} 1.0");
    }

    @Test
    void aPipelinesDecodeTierRouterReportsTheEventsItApplied() throws Exception {
        FrontendMetrics metrics = new FrontendMetrics();
        try (EventBus bus = Embedded.eventBus();
                RequestPlane plane = Embedded.requestPlane();
                Schedulers.ThreadScheduler timers = Schedulers.thread("test-timers")) {
            RequestPlane.Registration served = plane.serve(
                    21,
                    (request, context) -> ResponseStream.of(List.of(EngineOutput.finished(FinishReason.LENGTH, 7))));
            LiveWorkers decode = new LiveWorkers();
            decode.update(List.of(new InstanceRecord(
                    WorkerRegistration.NAMESPACE,
                    WorkerRegistration.COMPONENT,
                    WorkerRegistration.ENDPOINT,
                    21,
                    served.address(),
                    new WorkerMetadata("m", WorkerRole.DECODE, 64, 64, 16, 100, 8, 256))));
            RouterSettings settings =
                    new RouterSettings("kv", KvRouterConfig.defaults(64), TierPolicy.Kind.FIT_TOTAL, 3, 0, false);
            try (ClosableEngine<PreprocessedRequest, EngineOutput> routing = ModelPipeline.routing(
                    "m",
                    64,
                    decode,
                    new LiveWorkers(),
                    settings,
                    plane,
                    bus,
                    metrics,
                    0,
                    RouterRuntime.serving(timers))) {
                routing.generate(
                                PreprocessedRequest.of("m", new int[5], StopConditions.maxTokens(4)),
                                RequestContext.create("r"))
                        .toList();
                bus.publish(
                        DiscoveryKeys.kvEventSubject(WorkerRegistration.NAMESPACE, WorkerRegistration.COMPONENT, 64),
                        EventCodec.encode(new WorkerKvEvents(
                                21,
                                List.of(
                                        new KvEvent.Stored(
                                                0, OptionalLong.empty(), List.of(new KvEvent.StoredBlock(1, 11))),
                                        new KvEvent.Stored(
                                                1, OptionalLong.of(1), List.of(new KvEvent.StoredBlock(2, 12)))))));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape(metrics))
                        .contains("sluice_kv_router_applied_events_total{model=\"m\",router=\"decode-64\"} 2.0")
                        .contains("sluice_kv_router_dropped_batches_total{model=\"m\",router=\"decode-64\"} 0.0")
                        .contains("sluice_kv_router_event_gaps_total{model=\"m\",router=\"decode-64\"} 0.0")
                        .contains("sluice_kv_router_worker_state{model=\"m\",router=\"decode-64\",state=\"healthy\","
                                + "worker=\"21\"} 1.0")
                        .contains("sluice_kv_router_worker_state{model=\"m\",router=\"decode-64\",state=\"degraded\","
                                + "worker=\"21\"} 0.0"));
                // events 2..4 lost: the router sees a gap, asks worker 21 for a snapshot and marks it degraded
                bus.publish(
                        DiscoveryKeys.kvEventSubject(WorkerRegistration.NAMESPACE, WorkerRegistration.COMPONENT, 64),
                        EventCodec.encode(new WorkerKvEvents(
                                21,
                                List.of(new KvEvent.Stored(
                                        5, OptionalLong.of(2), List.of(new KvEvent.StoredBlock(3, 13)))))));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape(metrics))
                        .contains("sluice_kv_router_event_gaps_total{model=\"m\",router=\"decode-64\"} 1.0")
                        .contains("sluice_kv_router_snapshots_requested_total{model=\"m\",router=\"decode-64\"} 1.0")
                        .contains("sluice_kv_router_worker_state{model=\"m\",router=\"decode-64\",state=\"degraded\","
                                + "worker=\"21\"} 1.0"));
            }
            served.close();
        }
    }
}
