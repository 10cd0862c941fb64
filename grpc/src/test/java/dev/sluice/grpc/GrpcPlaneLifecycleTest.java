package dev.sluice.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.Json;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.contract.Await;
import dev.sluice.runtime.embedded.Embedded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Deadlines reach the worker; channels are shared per worker and released when the worker leaves discovery. */
@Timeout(30)
class GrpcPlaneLifecycleTest {
    private static InstanceRecord record(long id, String address) {
        return new InstanceRecord(
                "ns", "c", "e", id, address, new WorkerMetadata("m", WorkerRole.DECODE, 100, 100, 16, 1, 1, 1));
    }

    private static PreprocessedRequest request() {
        return PreprocessedRequest.of("m", new int[] {1}, StopConditions.maxTokens(5));
    }

    @Test
    void theCallersDeadlineBecomesTheWorkersDeadline() {
        AtomicReference<Optional<Instant>> seen = new AtomicReference<>(Optional.empty());
        try (GrpcRequestPlane plane = new GrpcRequestPlane("127.0.0.1", 0)) {
            RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
                seen.set(ctx.deadline());
                return ResponseStream.of(List.of(EngineOutput.finished(FinishReason.LENGTH, 1)));
            });
            Instant deadline = Instant.now().plusSeconds(20);
            plane.client(record(1, reg.address()))
                    .generate(request(), RequestContext.create("r", deadline))
                    .toList();
            assertThat(seen.get())
                    .hasValueSatisfying(
                            d -> assertThat(Duration.between(d, deadline).abs()).isLessThan(Duration.ofSeconds(2)));
            reg.close();
        }
    }

    @Test
    void aWorkersChannelIsSharedAndClosedWhenItLeavesDiscovery() throws Exception {
        try (GrpcRequestPlane plane = new GrpcRequestPlane("127.0.0.1", 0);
                Discovery discovery = Embedded.discovery();
                Discovery.Watch watch = plane.releaseDeparted(discovery)) {
            RequestPlane.Registration reg = plane.serve(
                    1, (req, ctx) -> ResponseStream.of(List.of(EngineOutput.finished(FinishReason.LENGTH, 1))));
            InstanceRecord worker = record(1, reg.address());
            Discovery.Lease lease = discovery.grantLease(Duration.ofSeconds(30));
            discovery.put(worker.key(), Json.encode(worker), lease);
            for (int i = 0; i < 3; i++) {
                assertThat(plane.client(worker)
                                .generate(request(), RequestContext.create("r" + i))
                                .toList())
                        .hasSize(1);
            }
            assertThat(plane.channelAddresses()).containsExactly(reg.address());
            lease.close();
            Await.until(
                    () -> plane.channelAddresses().isEmpty(),
                    Duration.ofSeconds(10),
                    "the departed worker's channel to close");
            reg.close();
        }
    }
}
