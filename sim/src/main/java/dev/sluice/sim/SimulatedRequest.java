package dev.sluice.sim;

import dev.sluice.bench.RequestResult;
import dev.sluice.bench.TraceRequest;
import dev.sluice.llm.RequestTrace;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Poll;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.Waker;
import java.util.List;
import java.util.Optional;

/**
 * One request of a simulation, read the way a client reads its stream: whenever the routing pipeline may have
 * progressed (its {@link Waker} fired), the loop polls it and stamps every token with the virtual time it arrived.
 * Latencies count from the request's scheduled arrival, as {@code sluice bench} counts them.
 */
final class SimulatedRequest {
    private final EventLoop loop;
    private final TraceRequest trace;
    private final long arrivalNanos;
    private final Runnable onDone;
    private final Waker waker = this::wake;
    private final int index;
    private long[] tokenNanos = new long[16];
    private RequestContext context;
    private ResponseStream<EngineOutput> stream;
    private boolean wakeQueued;
    private int outputEvents;
    private int outputTokens;
    private int cachedTokens = -1;
    private RequestResult result;

    SimulatedRequest(EventLoop loop, int index, TraceRequest trace, long arrivalNanos, Runnable onDone) {
        this.loop = loop;
        this.index = index;
        this.trace = trace;
        this.arrivalNanos = arrivalNanos;
        this.onDone = onDone;
    }

    /** Sends the request down the pipeline; a refusal ends it at once. */
    void start(ResponseStream<EngineOutput> opened, RequestContext ctx) {
        this.context = ctx;
        this.stream = opened;
        drive();
    }

    void refused(SluiceException e) {
        end(Optional.of(failure(e)));
    }

    /** A refusal as a client would see it: the HTTP status of its code, and its message. */
    private static RequestResult.Failure failure(SluiceException e) {
        return new RequestResult.Failure(e.code().httpStatus(), e.code().name().toLowerCase() + ": " + e.getMessage());
    }

    private void wake() {
        if (!wakeQueued && result == null) {
            wakeQueued = true;
            loop.execute(() -> {
                wakeQueued = false;
                drive();
            });
        }
    }

    private void drive() {
        while (result == null) {
            Poll<EngineOutput> next;
            try {
                next = stream.poll(waker);
            } catch (SluiceException e) {
                stream.close();
                end(Optional.of(failure(e)));
                return;
            }
            switch (next) {
                case Poll.Pending<EngineOutput> pending -> {
                    return;
                }
                case Poll.End<EngineOutput> end -> end(Optional.empty());
                case Poll.Item<EngineOutput> item -> received(item.item());
            }
        }
    }

    private void received(EngineOutput out) {
        long now = loop.nanoTime();
        if (cachedTokens < 0 && out.cachedTokens() >= 0) {
            cachedTokens = out.cachedTokens(); // the first placement's prefix-cache hits, as the frontend reports
        }
        if (out.tokenCount() > 0) {
            // One streamed event per output, as a client of the server would see it.
            if (outputEvents == tokenNanos.length) {
                tokenNanos = java.util.Arrays.copyOf(tokenNanos, tokenNanos.length * 2);
            }
            tokenNanos[outputEvents++] = now - arrivalNanos;
            outputTokens += out.tokenCount();
        }
        if (out.isFinal()) {
            end(out.error().map(m -> new RequestResult.Failure(200, "error: " + m)));
        }
    }

    private void end(Optional<RequestResult.Failure> error) {
        if (result != null) {
            return;
        }
        long end = loop.nanoTime() - arrivalNanos;
        if (error.isPresent() || outputEvents == 0) {
            result = RequestResult.failed(
                    index,
                    arrivalNanos,
                    0,
                    trace.inputLength(),
                    end,
                    error.orElse(new RequestResult.Failure(200, "the stream ended without a token")));
        } else {
            Optional<RequestTrace> t = context.attachment(RequestTrace.class);
            result = new RequestResult(
                    index,
                    arrivalNanos,
                    0,
                    trace.inputLength(),
                    outputTokens,
                    Math.max(0, cachedTokens),
                    java.util.Arrays.copyOf(tokenNanos, outputEvents),
                    end,
                    t.map(r -> r.migrations().size()).orElse(0),
                    t.map(r -> r.placements().stream()
                                    .map(RequestTrace.Placement::tier)
                                    .toList())
                            .orElse(List.of()),
                    t.map(r -> r.placements().stream()
                                    .map(RequestTrace.Placement::workerId)
                                    .toList())
                            .orElse(List.of()),
                    Optional.empty());
        }
        onDone.run();
    }

    Optional<RequestResult> result() {
        return Optional.ofNullable(result);
    }
}
