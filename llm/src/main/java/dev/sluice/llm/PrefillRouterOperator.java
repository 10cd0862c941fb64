package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.StopConditions;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.Operator;
import dev.sluice.runtime.Poll;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.Scheduler;
import dev.sluice.runtime.Waker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Disaggregated prefill: when prefill workers are live, the prompt first goes to one of them with
 * {@code max_tokens = 1}; the {@code disaggregated_params} it returns (the KV transfer handle) travel with the request
 * to decode, whose worker then receives the KV instead of computing it. With no prefill worker live, when the part of
 * the prompt the chosen prefill worker does not cache is shorter than {@code threshold} tokens, or when the prefill
 * worker fails, the request is served aggregated. The prefill leg is part of the returned stream, so a reader that
 * polls is never blocked by it; a tier migration's continuation passes through here too and is prefilled again.
 */
public final class PrefillRouterOperator
        implements Operator<PreprocessedRequest, EngineOutput, PreprocessedRequest, EngineOutput> {
    private static final Logger LOG = Logger.getLogger(PrefillRouterOperator.class.getName());

    private final LiveWorkers prefillWorkers;
    private final WorkerSelector selector;
    private final RequestPlane requestPlane;
    private final int threshold;
    private final Scheduler scheduler;

    public PrefillRouterOperator(
            LiveWorkers prefillWorkers,
            WorkerSelector selector,
            RequestPlane requestPlane,
            int threshold,
            Scheduler scheduler) {
        this.prefillWorkers = prefillWorkers;
        this.selector = selector;
        this.requestPlane = requestPlane;
        this.threshold = threshold;
        this.scheduler = scheduler;
    }

    @Override
    public ResponseStream<EngineOutput> generate(
            PreprocessedRequest request, RequestContext context, Engine<PreprocessedRequest, EngineOutput> next) {
        if (pool().isEmpty()
                || request.promptLength() < threshold
                || !request.disaggregatedParams().isEmpty()) {
            return next.generate(request, context);
        }
        return new PrefillingStream(request, context, next);
    }

    private List<InstanceRecord> pool() {
        return prefillWorkers.tiers().values().stream().flatMap(List::stream).toList();
    }

    /** Prompt tokens the chosen prefill worker does not already cache. */
    private static int uncached(PreprocessedRequest request, WorkerSelector.Selection chosen) {
        return request.promptLength()
                - chosen.overlapBlocks() * chosen.worker().metadata().kvBlockSize();
    }

    /** Choose a prefill worker (waiting while all are busy), run the prefill leg, then decode. */
    private final class PrefillingStream implements ResponseStream<EngineOutput> {
        private final PreprocessedRequest request;
        private final RequestContext context;
        private final Engine<PreprocessedRequest, EngineOutput> next;
        private final RequestTrace trace;
        private final String placementId;
        private final CapacityWait wait;
        private WorkerSelector.Selection chosen;
        private ResponseStream<EngineOutput> leg;
        private ResponseStream<EngineOutput> decode;
        private long legStartNanos;
        private boolean closed;

        PrefillingStream(
                PreprocessedRequest request, RequestContext context, Engine<PreprocessedRequest, EngineOutput> next) {
            this.request = request;
            this.context = context;
            this.next = next;
            this.trace = context.attachment(RequestTrace.class, RequestTrace::new);
            this.placementId = context.id() + "/prefill/" + trace.prefills();
            this.wait = new CapacityWait(selector, scheduler, "every prefill worker is busy");
            selector.trySelect(pool(), request, placementId).ifPresent(this::begin);
        }

        /** Starts the leg on the chosen worker, or decodes at once when a prefill would not pay. */
        private void begin(WorkerSelector.Selection selection) {
            if (uncached(request, selection) < threshold) {
                selector.finished(placementId); // mostly cached: computing the rest locally beats a transfer
                decode = next.generate(request, context);
                return;
            }
            chosen = selection;
            legStartNanos = scheduler.nanoTime();
            PreprocessedRequest one = request.withStop(new StopConditions(1, 0, List.of(), List.of(), true));
            try {
                leg = requestPlane.client(selection.worker()).generate(one, context);
            } catch (SluiceException e) {
                fallBack(e);
            }
        }

        @Override
        public Poll<EngineOutput> poll(Waker waker) {
            while (decode == null) {
                if (closed) {
                    return Poll.end();
                }
                if (chosen == null) {
                    Optional<WorkerSelector.Selection> s =
                            wait.poll(waker, () -> selector.trySelect(pool(), request, placementId));
                    if (s.isEmpty()) {
                        return Poll.pending();
                    }
                    begin(s.get());
                    continue;
                }
                Poll<EngineOutput> out;
                try {
                    out = leg.poll(waker);
                } catch (SluiceException e) {
                    fallBack(e);
                    continue;
                }
                switch (out) {
                    case Poll.Pending<EngineOutput> pending -> {
                        return Poll.pending();
                    }
                    case Poll.End<EngineOutput> end -> fallBack(null);
                    case Poll.Item<EngineOutput> item -> prefilled(item.item().disaggregatedParams());
                }
            }
            return decode.poll(waker);
        }

        private void prefilled(Map<String, Object> params) {
            if (params.isEmpty()) {
                return; // not the output that carries the handle; read on
            }
            trace.prefilled(chosen.worker().instanceId(), (scheduler.nanoTime() - legStartNanos) / 1e6);
            endLeg();
            decode = next.generate(request.withDisaggregatedParams(params), context);
        }

        private void fallBack(SluiceException e) {
            if (e != null) {
                LOG.log(Level.FINE, "prefill on " + chosen.worker().instanceId() + " failed; serving aggregated", e);
            }
            endLeg();
            decode = next.generate(request, context);
        }

        private void endLeg() {
            if (leg != null) {
                leg.close();
            }
            selector.finished(placementId);
        }

        @Override
        public Optional<EngineOutput> next() {
            return ResponseStream.await(this);
        }

        @Override
        public void close() {
            closed = true;
            wait.cancel();
            if (decode != null) {
                decode.close();
            } else if (chosen != null) {
                endLeg();
            }
        }
    }
}
