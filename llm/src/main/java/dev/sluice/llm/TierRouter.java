package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.util.List;
import java.util.Optional;

/**
 * Routes a request to one worker of one decode tier and opens its stream over the request plane. A request pinned to
 * a worker (routing hint) goes there if that worker is in this tier. The placement is recorded in the request's
 * {@link RequestTrace}.
 */
public final class TierRouter implements Engine<PreprocessedRequest, EngineOutput> {
    private final int thisSeqlen;
    private final LiveWorkers workers;
    private final WorkerSelector selector;
    private final RequestPlane requestPlane;
    private final PipelineMetrics metrics;

    public TierRouter(int thisSeqlen, LiveWorkers workers, WorkerSelector selector, RequestPlane requestPlane) {
        this(thisSeqlen, workers, selector, requestPlane, PipelineMetrics.NONE);
    }

    public TierRouter(
            int thisSeqlen,
            LiveWorkers workers,
            WorkerSelector selector,
            RequestPlane requestPlane,
            PipelineMetrics metrics) {
        this.thisSeqlen = thisSeqlen;
        this.workers = workers;
        this.selector = selector;
        this.requestPlane = requestPlane;
        this.metrics = metrics;
    }

    public int thisSeqlen() {
        return thisSeqlen;
    }

    @Override
    public ResponseStream<EngineOutput> generate(PreprocessedRequest request, RequestContext context) {
        FailedWorkers failed = context.attachment(FailedWorkers.class, FailedWorkers::new);
        List<InstanceRecord> tier = failed.without(workers.tier(thisSeqlen));
        if (tier.isEmpty()) {
            throw new SluiceException(
                    ErrorCode.NO_WORKERS, "no live worker in the " + thisSeqlen + "-token tier of " + request.model());
        }
        RequestTrace trace = context.attachment(RequestTrace.class, RequestTrace::new);
        String placementId = context.id() + "/" + trace.placements().size();
        Optional<WorkerSelector.Selection> pinned = pinned(request, tier);
        WorkerSelector.Selection chosen = pinned.orElseGet(() -> selector.select(tier, request, placementId));
        WorkerSelector tracker = pinned.isPresent() ? NOT_TRACKED : selector;
        int generatedSoFar = context.attachment(SequenceProgress.class, SequenceProgress::new)
                .generated();
        trace.placed(new RequestTrace.Placement(
                thisSeqlen, chosen.worker().instanceId(), generatedSoFar, chosen.overlapBlocks()));
        metrics.tierPlaced(request.model(), thisSeqlen);
        Runnable onEnd = () -> {
            tracker.finished(placementId);
            metrics.tierEnded(request.model(), thisSeqlen);
        };
        long workerId = chosen.worker().instanceId();
        Runnable onBroken = () -> failed.add(workerId);
        try {
            return new TrackedPlacement(
                    requestPlane.client(chosen.worker()).generate(request, context),
                    tracker,
                    placementId,
                    onEnd,
                    onBroken);
        } catch (StreamBrokenException e) {
            onBroken.run();
            onEnd.run();
            throw e;
        } catch (RuntimeException e) {
            onEnd.run();
            throw e;
        }
    }

    private static final WorkerSelector NOT_TRACKED = (workers, request, id) -> {
        throw new IllegalStateException("not a selector");
    };

    /** Tells the selector when the placement's first token arrives and when it ends, however it ends. */
    private static final class TrackedPlacement implements ResponseStream<EngineOutput> {
        private final ResponseStream<EngineOutput> inner;
        private final WorkerSelector selector;
        private final String placementId;
        private final Runnable onEnd;
        private final Runnable onBroken;
        private boolean started;
        private boolean ended;

        TrackedPlacement(
                ResponseStream<EngineOutput> inner,
                WorkerSelector selector,
                String placementId,
                Runnable onEnd,
                Runnable onBroken) {
            this.inner = inner;
            this.selector = selector;
            this.placementId = placementId;
            this.onEnd = onEnd;
            this.onBroken = onBroken;
        }

        @Override
        public Optional<EngineOutput> next() {
            Optional<EngineOutput> out;
            try {
                out = inner.next();
            } catch (StreamBrokenException e) {
                onBroken.run();
                end();
                throw e;
            } catch (RuntimeException e) {
                end();
                throw e;
            }
            if (out.isPresent() && !started && out.get().tokenCount() > 0) {
                started = true;
                selector.firstToken(placementId);
            }
            if (out.isEmpty() || out.get().isFinal()) {
                end();
            }
            return out;
        }

        private void end() {
            if (!ended) {
                ended = true;
                onEnd.run();
            }
        }

        @Override
        public void close() {
            end();
            inner.close();
        }
    }

    private static Optional<WorkerSelector.Selection> pinned(PreprocessedRequest request, List<InstanceRecord> tier) {
        if (request.routing().backendInstanceId().isEmpty()) {
            return Optional.empty();
        }
        long id = request.routing().backendInstanceId().getAsLong();
        return tier.stream()
                .filter(r -> r.instanceId() == id)
                .findFirst()
                .map(r -> new WorkerSelector.Selection(r, 0))
                .or(() -> {
                    throw SluiceException.invalid(
                            "sluice.worker",
                            "worker " + id + " is not a live worker of the " + tierName(tier) + " tier");
                });
    }

    private static String tierName(List<InstanceRecord> tier) {
        return tier.getFirst().metadata().thisSeqlen() + "-token";
    }
}
