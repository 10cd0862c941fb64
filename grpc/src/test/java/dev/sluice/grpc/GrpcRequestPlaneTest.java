package dev.sluice.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Channel;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.contract.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gRPC request plane over loopback: outputs round-trip, cancellation reaches the worker, a dead worker breaks. */
@Timeout(30)
class GrpcRequestPlaneTest {
    private static InstanceRecord record(RequestPlane.Registration reg) {
        return new InstanceRecord("ns", "c", "e", 1, reg.address(), new WorkerMetadata("m", WorkerRole.DECODE, 100, 100, 16, 1, 1, 1));
    }

    @Test
    void outputsRoundTripAndTheRequestIdTravels() {
        try (RequestPlane plane = new GrpcRequestPlane("127.0.0.1", 0)) {
            String[] seenId = new String[1];
            RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
                seenId[0] = ctx.id();
                return ResponseStream.of(List.of(EngineOutput.tokens(req.tokenIds()[0]).withCachedTokens(3),
                        EngineOutput.finished(FinishReason.LENGTH, 9)));
            });
            List<EngineOutput> outs = plane.client(record(reg))
                    .generate(PreprocessedRequest.of("m", new int[] {42, 1}, StopConditions.maxTokens(2)), RequestContext.create("req-7"))
                    .toList();
            assertThat(outs).hasSize(2);
            assertThat(outs.get(0).tokenIds()).containsExactly(42);
            assertThat(outs.get(0).cachedTokens()).isEqualTo(3);
            assertThat(outs.get(1).finishReason()).contains(FinishReason.LENGTH);
            assertThat(seenId[0]).isEqualTo("req-7");
            reg.close();
        }
    }

    @Test
    void closingTheClientStreamCancelsOnTheWorker() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        try (RequestPlane plane = new GrpcRequestPlane("127.0.0.1", 0)) {
            RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
                Channel<EngineOutput> ch = new Channel<>(100, () -> cancelled.set(true));
                ctx.onCancel(() -> cancelled.set(true));
                ch.send(EngineOutput.tokens(1));
                return ch; // never finishes on its own
            });
            ResponseStream<EngineOutput> s = plane.client(record(reg))
                    .generate(PreprocessedRequest.of("m", new int[] {1}, StopConditions.maxTokens(50)), RequestContext.create("r"));
            assertThat(s.next()).isPresent();
            s.close();
            Await.until(cancelled::get, Duration.ofSeconds(10), "the worker to see the cancel");
            reg.close();
        }
    }

    @Test
    void aWorkerThatGoesAwayMidStreamBreaksTheStream() {
        try (RequestPlane plane = new GrpcRequestPlane("127.0.0.1", 0)) {
            RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
                Channel<EngineOutput> ch = new Channel<>(100, () -> {});
                ch.send(EngineOutput.tokens(1));
                return ch;
            });
            ResponseStream<EngineOutput> s = plane.client(record(reg))
                    .generate(PreprocessedRequest.of("m", new int[] {1}, StopConditions.maxTokens(50)), RequestContext.create("r"));
            assertThat(s.next()).isPresent();
            reg.close();
            assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class);
        }
    }
}
