package dev.sluice.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.contract.Await;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Backpressure over gRPC: a consumer that stops reading stops its worker's sending, and only its own stream. */
@Timeout(60)
class GrpcFlowControlTest {
    private static final int TEXT_BYTES = 1024;
    private static final String TEXT = "x".repeat(TEXT_BYTES);

    private final GrpcRequestPlane plane = new GrpcRequestPlane("127.0.0.1", 0);
    private final AtomicLong pulled = new AtomicLong();
    private final AtomicBoolean workerCancelled = new AtomicBoolean();
    private final RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
        ctx.onCancel(() -> workerCancelled.set(true));
        return req.stop().maxTokens() == 0 ? endless() : finite(req.stop().maxTokens());
    });

    @AfterEach
    void close() {
        reg.close();
        plane.close();
    }

    /** Produces as fast as it is read: the worker buffers whatever the plane pulls and cannot send. */
    private ResponseStream<EngineOutput> endless() {
        return new ResponseStream<>() {
            @Override
            public Optional<EngineOutput> next() {
                int n = (int) pulled.getAndIncrement();
                return Optional.of(EngineOutput.tokens(n).withText(TEXT));
            }

            @Override
            public void close() {}
        };
    }

    private static ResponseStream<EngineOutput> finite(int count) {
        int[] sent = {0};
        return new ResponseStream<>() {
            @Override
            public Optional<EngineOutput> next() {
                int n = sent[0]++;
                return n < count - 1
                        ? Optional.of(EngineOutput.tokens(n))
                        : Optional.of(EngineOutput.finished(FinishReason.LENGTH, n));
            }

            @Override
            public void close() {}
        };
    }

    private ResponseStream<EngineOutput> open(int maxTokens, RequestContext context) {
        InstanceRecord worker = new InstanceRecord(
                "ns", "c", "e", 1, reg.address(), new WorkerMetadata("m", WorkerRole.DECODE, 100, 100, 16, 1, 1, 1));
        return plane.client(worker)
                .generate(PreprocessedRequest.of("m", new int[] {1}, StopConditions.maxTokens(maxTokens)), context);
    }

    /** Waits until the worker has stopped pulling from its engine for a while, and returns how much it pulled. */
    private long awaitStalled() throws InterruptedException {
        long[] last = {-1};
        long[] stableSince = {System.nanoTime()};
        Await.until(
                () -> {
                    long now = pulled.get();
                    if (now != last[0]) {
                        last[0] = now;
                        stableSince[0] = System.nanoTime();
                    }
                    return System.nanoTime() - stableSince[0]
                            > Duration.ofMillis(750).toNanos();
                },
                Duration.ofSeconds(30),
                "the worker to stop pulling outputs nobody reads");
        return last[0];
    }

    @Test
    void aStalledConsumerHoldsBoundedMemoryOnTheWorkerAndLosesNothing() throws Exception {
        try (ResponseStream<EngineOutput> stalled = open(0, RequestContext.create("stalled"))) {
            assertThat(stalled.next()).isPresent();
            long pulledWhileStalled = awaitStalled();
            // In flight: one HTTP/2 window, gRPC's 32 KiB ready threshold, the client's prefetched messages.
            long bound = GrpcRequestPlane.FLOW_CONTROL_WINDOW_BYTES * 2L;
            assertThat(pulledWhileStalled * TEXT_BYTES).isLessThan(bound);
            for (int i = 1; i < 5_000; i++) {
                assertThat(stalled.next().orElseThrow().tokenIds()).containsExactly(i);
            }
        }
        Await.until(workerCancelled::get, Duration.ofSeconds(10), "the close to cancel the request on the worker");
    }

    @Test
    void aStalledStreamDoesNotHoldUpAnotherOnTheSameChannel() throws Exception {
        try (ResponseStream<EngineOutput> stalled = open(0, RequestContext.create("stalled"))) {
            assertThat(stalled.next()).isPresent();
            awaitStalled();
            assertThat(open(20_000, RequestContext.create("reader")).toList()).hasSize(20_000);
            assertThat(plane.channelAddresses()).containsExactly(reg.address());
        }
    }

    @Test
    void killingARequestWhoseWorkerWaitsForTheWindowCancelsItOnTheWorker() throws Exception {
        RequestContext context = RequestContext.create("killed");
        ResponseStream<EngineOutput> stalled = open(0, context);
        assertThat(stalled.next()).isPresent();
        awaitStalled();
        context.kill();
        Await.until(workerCancelled::get, Duration.ofSeconds(10), "the kill to reach the worker");
        stalled.close();
    }
}
