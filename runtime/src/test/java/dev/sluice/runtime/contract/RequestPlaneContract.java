package dev.sluice.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Channel;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every {@link RequestPlane} must do; run against direct calls and gRPC. */
@Timeout(30)
public abstract class RequestPlaneContract {
    protected abstract RequestPlane create();

    private static InstanceRecord record(RequestPlane.Registration reg) {
        return new InstanceRecord(
                "ns", "c", "e", 1, reg.address(), new WorkerMetadata("m", WorkerRole.DECODE, 100, 100, 16, 1, 1, 1));
    }

    private static PreprocessedRequest request(int... ids) {
        return PreprocessedRequest.of("m", ids, StopConditions.maxTokens(50));
    }

    @Test
    void outputsRoundTripWithTheRequestId() {
        try (RequestPlane plane = create()) {
            String[] seen = new String[1];
            RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
                seen[0] = ctx.id();
                return ResponseStream.of(List.of(
                        EngineOutput.tokens(req.tokenIds()[0]).withCachedTokens(3),
                        EngineOutput.finished(FinishReason.LENGTH, 9)));
            });
            List<EngineOutput> outs = plane.client(record(reg))
                    .generate(request(42), RequestContext.create("req-7"))
                    .toList();
            assertThat(outs).hasSize(2);
            assertThat(outs.get(0).tokenIds()).containsExactly(42);
            assertThat(outs.get(0).cachedTokens()).isEqualTo(3);
            assertThat(outs.get(1).finishReason()).contains(FinishReason.LENGTH);
            assertThat(seen[0]).isEqualTo("req-7");
            reg.close();
        }
    }

    @Test
    void closingTheClientStreamCancelsOnTheWorker() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        try (RequestPlane plane = create()) {
            RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
                Channel<EngineOutput> ch = new Channel<>(100, () -> cancelled.set(true));
                ctx.onCancel(() -> cancelled.set(true));
                ch.send(EngineOutput.tokens(1));
                return ch;
            });
            ResponseStream<EngineOutput> s = plane.client(record(reg)).generate(request(1), RequestContext.create("r"));
            assertThat(s.next()).isPresent();
            s.close();
            Await.until(cancelled::get, Duration.ofSeconds(10), "the worker to see the cancel");
            reg.close();
        }
    }

    @Test
    void aRequestTheWorkerRefusesReachesTheCallerWithItsCode() {
        try (RequestPlane plane = create()) {
            RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
                throw new SluiceException(ErrorCode.INVALID_REQUEST, "the engine refused top_k 0");
            });
            assertThatThrownBy(() -> plane.client(record(reg))
                            .generate(request(1), RequestContext.create("r"))
                            .toList())
                    .isNotInstanceOf(StreamBrokenException.class)
                    .isInstanceOfSatisfying(SluiceException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.getMessage()).isEqualTo("the engine refused top_k 0");
                    });
            reg.close();
        }
    }

    @Test
    void aWorkerThatGoesAwayMidStreamBreaksTheStream() {
        try (RequestPlane plane = create()) {
            RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
                Channel<EngineOutput> ch = new Channel<>(100, () -> {});
                ch.send(EngineOutput.tokens(1));
                return ch;
            });
            ResponseStream<EngineOutput> s = plane.client(record(reg)).generate(request(1), RequestContext.create("r"));
            assertThat(s.next()).isPresent();
            reg.close();
            assertThatThrownBy(() -> {
                        while (s.next().isPresent()) {
                            // drain what was in flight
                        }
                    })
                    .isInstanceOf(StreamBrokenException.class);
        }
    }
}
