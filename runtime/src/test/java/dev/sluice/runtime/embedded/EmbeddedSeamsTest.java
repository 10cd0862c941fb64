package dev.sluice.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Channel;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EmbeddedSeamsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void watchReplaysCurrentEntriesThenChangesAndLeaseRevocationDeletesKeys() {
        try (Discovery d = Embedded.discovery()) {
            Discovery.Lease lease = d.grantLease(Duration.ofSeconds(10));
            d.put("v1/instances/a", b("1"), lease);
            List<String> seen = new ArrayList<>();
            d.watch("v1/instances/", e -> seen.add(e.kind() + " " + e.key()));
            d.put("v1/instances/b", b("2"), lease);
            d.put("v1/other/c", b("3"), lease);
            assertThat(d.get("v1/instances/")).hasSize(2);
            lease.close();
            assertThat(d.get("v1/")).isEmpty();
            assertThat(seen)
                    .containsExactly(
                            "PUT v1/instances/a",
                            "PUT v1/instances/b",
                            "DELETE v1/instances/a",
                            "DELETE v1/instances/b");
        }
    }

    @Test
    void putUnderARevokedLeaseFails() {
        try (Discovery d = Embedded.discovery()) {
            Discovery.Lease lease = d.grantLease(Duration.ofSeconds(10));
            lease.close();
            assertThatThrownBy(() -> d.put("k", b("v"), lease)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void eventBusDeliversExactAndWildcardSubjects() {
        try (EventBus bus = Embedded.eventBus()) {
            List<String> exact = new ArrayList<>();
            List<String> wild = new ArrayList<>();
            bus.subscribe("sluice.ns.kv.8192", p -> exact.add(new String(p, StandardCharsets.UTF_8)));
            EventBus.Subscription sub =
                    bus.subscribe("sluice.ns.>", p -> wild.add(new String(p, StandardCharsets.UTF_8)));
            bus.publish("sluice.ns.kv.8192", b("a"));
            bus.publish("sluice.ns.load.8192", b("b"));
            sub.close();
            bus.publish("sluice.ns.kv.8192", b("c"));
            assertThat(exact).containsExactly("a", "c");
            assertThat(wild).containsExactly("a", "b");
        }
    }

    @Test
    void closingAClientStreamCancelsOnTheWorkerAndAGoneWorkerBreaksStreams() {
        AtomicBoolean cancelled = new AtomicBoolean();
        List<Channel<EngineOutput>> open = new ArrayList<>();
        try (RequestPlane plane = Embedded.requestPlane()) {
            RequestPlane.Registration reg = plane.serve(7, (req, ctx) -> {
                Channel<EngineOutput> ch = new Channel<>(16, () -> cancelled.set(true));
                ch.send(EngineOutput.tokens(1));
                open.add(ch);
                return ch;
            });
            InstanceRecord rec = new InstanceRecord(
                    "ns",
                    "c",
                    "e",
                    7,
                    reg.address(),
                    new WorkerMetadata("m", WorkerRole.DECODE, 100, 100, 16, 10, 4, 64));
            ResponseStream<EngineOutput> s1 = plane.client(rec)
                    .generate(
                            dev.sluice.protocol.PreprocessedRequest.of(
                                    "m", new int[] {1}, dev.sluice.protocol.StopConditions.maxTokens(3)),
                            RequestContext.create("a"));
            assertThat(s1.next()).isPresent();
            s1.close();
            assertThat(cancelled).isTrue();

            ResponseStream<EngineOutput> s2 = plane.client(rec)
                    .generate(
                            dev.sluice.protocol.PreprocessedRequest.of(
                                    "m", new int[] {1}, dev.sluice.protocol.StopConditions.maxTokens(3)),
                            RequestContext.create("b"));
            reg.close();
            assertThatThrownBy(s2::next).isInstanceOf(StreamBrokenException.class);
            assertThatThrownBy(() -> plane.client(rec)
                            .generate(
                                    dev.sluice.protocol.PreprocessedRequest.of(
                                            "m", new int[] {1}, dev.sluice.protocol.StopConditions.maxTokens(3)),
                                    RequestContext.create("c")))
                    .isInstanceOf(StreamBrokenException.class);
            assertThat(EngineOutput.finished(FinishReason.LENGTH).isFinal()).isTrue();
        }
    }
}
