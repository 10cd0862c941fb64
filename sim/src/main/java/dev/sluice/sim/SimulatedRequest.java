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
import java.util.ArrayList;
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
    private final List<Double> gapsMillis = new ArrayList<>();
    private RequestContext context;
    private ResponseStream<EngineOutput> stream;
    private boolean wakeQueued;
    private long firstTokenNanos = -1;
    private long lastTokenNanos;
    private int outputTokens;
    private int cachedTokens = -1;
    private RequestResult result;

    SimulatedRequest(EventLoop loop, TraceRequest trace, long arrivalNanos, Runnable onDone) {
        this.loop = loop;
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
        end(Optional.of(e.code().name().toLowerCase() + ": " + e.getMessage()));
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
                end(Optional.of(e.code().name().toLowerCase() + ": " + e.getMessage()));
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
        for (int i = 0; i < out.tokenCount(); i++) {
            if (firstTokenNanos < 0) {
                firstTokenNanos = now;
            } else {
                gapsMillis.add((now - lastTokenNanos) / 1e6);
            }
            lastTokenNanos = now;
            outputTokens++;
        }
        if (out.isFinal()) {
            end(out.error().map(m -> "error: " + m));
        }
    }

    private void end(Optional<String> error) {
        if (result != null) {
            return;
        }
        long now = loop.nanoTime();
        double e2e = (now - arrivalNanos) / 1e6;
        long sentAt = arrivalNanos / 1_000_000;
        if (error.isPresent() || firstTokenNanos < 0) {
            result = RequestResult.failed(
                    sentAt, trace.inputLength(), e2e, error.orElse("the stream ended without a token"));
        } else {
            Optional<RequestTrace> t = context.attachment(RequestTrace.class);
            result = new RequestResult(
                    sentAt,
                    trace.inputLength(),
                    outputTokens,
                    Math.max(0, cachedTokens),
                    (firstTokenNanos - arrivalNanos) / 1e6,
                    gapsMillis,
                    e2e,
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
