package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.Poll;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.Scheduler;
import dev.sluice.runtime.Schedulers;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.Waker;
import java.util.List;
import java.util.Optional;

/**
 * Routes a request to one worker of one decode tier and opens its stream over the request plane. A request pinned to
 * a worker (routing hint) goes there if that worker is in this tier. When the tier's selector finds every worker
 * busy, the returned stream waits for one ({@link CapacityWait}) before it opens. The placement is recorded in the
 * request's {@link RequestTrace}. Closing the router closes its selector when that holds resources (a KV router's
 * thread and event-bus subscriptions).
 *
 * <p>Before any of that, the tier's {@link TierAdmission} admits the sequence by the KV tokens it commits (prompt plus
 * the tier policy's expected remaining output, at most the tier's length): a new request above the tier's high-water
 * mark waits in its queue, and is refused with 429 and a retry-after when the queue is full or its wait times out. A
 * sequence that was placed before (a tier migration, a re-issue after a worker failure) is admitted at once. The
 * tokens are released when the sequence ends, however it ends, or moves away (its stream is closed).
 */
public final class TierRouter implements Engine<PreprocessedRequest, EngineOutput>, AutoCloseable {
    private final int thisSeqlen;
    private final LiveWorkers workers;
    private final WorkerSelector selector;
    private final RequestPlane requestPlane;
    private final PipelineMetrics metrics;
    private final Scheduler scheduler;
    private final TierAdmission admission;

    /** A router whose selector never makes a request wait (round-robin, random), for tests. */
    public TierRouter(int thisSeqlen, LiveWorkers workers, WorkerSelector selector, RequestPlane requestPlane) {
        this(thisSeqlen, workers, selector, requestPlane, PipelineMetrics.NONE, Schedulers.unscheduled());
    }

    /** @param scheduler the clock and timers of requests that wait for a free worker */
    public TierRouter(
            int thisSeqlen,
            LiveWorkers workers,
            WorkerSelector selector,
            RequestPlane requestPlane,
            PipelineMetrics metrics,
            Scheduler scheduler) {
        this(thisSeqlen, workers, selector, requestPlane, metrics, scheduler, "", AdmissionSettings.OFF);
    }

    /**
     * @param scheduler the clock and timers of requests that wait for a free worker or for admission
     * @param model the served model's name, for the admission metrics
     */
    public TierRouter(
            int thisSeqlen,
            LiveWorkers workers,
            WorkerSelector selector,
            RequestPlane requestPlane,
            PipelineMetrics metrics,
            Scheduler scheduler,
            String model,
            AdmissionSettings admission) {
        this.thisSeqlen = thisSeqlen;
        this.workers = workers;
        this.selector = selector;
        this.requestPlane = requestPlane;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.admission = new TierAdmission(
                model,
                thisSeqlen,
                admission,
                () -> TierAdmission.capacityTokens(workers, thisSeqlen),
                scheduler,
                metrics);
    }

    TierAdmission admission() {
        return admission;
    }

    public int thisSeqlen() {
        return thisSeqlen;
    }

    @Override
    public void close() {
        selector.close();
    }

    @Override
    public ResponseStream<EngineOutput> generate(PreprocessedRequest request, RequestContext context) {
        candidates(request, context); // no live worker: refused now, not after a wait
        boolean placedBefore = !context.attachment(RequestTrace.class, RequestTrace::new)
                .placements()
                .isEmpty();
        TierAdmission.Entry entry = admission.enter(committedTokens(request, context), placedBefore);
        Optional<TierAdmission.Ticket> now = entry.poll(Waker.NONE);
        if (now.isPresent()) {
            return admitted(request, context, now.get());
        }
        return new QueuedPlacement(request, context, entry);
    }

    /** Prompt plus the output still expected (the policy's estimate less what was generated), within the tier. */
    private long committedTokens(PreprocessedRequest request, RequestContext context) {
        int generated = context.attachment(SequenceProgress.class, SequenceProgress::new)
                .generated();
        int expected = context.attachment(ExpectedOutput.class)
                .map(ExpectedOutput::tokens)
                .orElse(request.stop().maxTokens() + generated);
        long remaining =
                Math.max(0, Math.min((long) expected - generated, request.stop().maxTokens()));
        return Math.min(thisSeqlen, request.promptLength() + Math.max(1, remaining));
    }

    private ResponseStream<EngineOutput> admitted(
            PreprocessedRequest request, RequestContext context, TierAdmission.Ticket ticket) {
        ResponseStream<EngineOutput> placed;
        try {
            placed = place(request, context);
        } catch (RuntimeException e) {
            ticket.release();
            throw e;
        }
        return new AdmittedPlacement(placed, ticket);
    }

    private ResponseStream<EngineOutput> place(PreprocessedRequest request, RequestContext context) {
        List<InstanceRecord> tier = candidates(request, context);
        RequestTrace trace = context.attachment(RequestTrace.class, RequestTrace::new);
        String placementId = context.id() + "/" + trace.placements().size();
        Optional<WorkerSelector.Selection> pinned = pinned(request, tier);
        if (pinned.isPresent()) {
            return open(request, context, pinned.get(), NOT_TRACKED, placementId);
        }
        Optional<WorkerSelector.Selection> chosen = selector.trySelect(tier, request, placementId);
        if (chosen.isPresent()) {
            return open(request, context, chosen.get(), selector, placementId);
        }
        return new WaitingPlacement(request, context, placementId);
    }

    private List<InstanceRecord> candidates(PreprocessedRequest request, RequestContext context) {
        FailedWorkers failed = context.attachment(FailedWorkers.class, FailedWorkers::new);
        List<InstanceRecord> tier = failed.without(workers.tier(thisSeqlen));
        if (tier.isEmpty()) {
            throw new SluiceException(
                    ErrorCode.NO_WORKERS, "no live worker in the " + thisSeqlen + "-token tier of " + request.model());
        }
        return tier;
    }

    private ResponseStream<EngineOutput> open(
            PreprocessedRequest request,
            RequestContext context,
            WorkerSelector.Selection chosen,
            WorkerSelector tracker,
            String placementId) {
        FailedWorkers failed = context.attachment(FailedWorkers.class, FailedWorkers::new);
        int generatedSoFar = context.attachment(SequenceProgress.class, SequenceProgress::new)
                .generated();
        context.attachment(RequestTrace.class, RequestTrace::new)
                .placed(new RequestTrace.Placement(
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

    /** A request waiting in the tier's admission queue; placed once admitted. */
    private final class QueuedPlacement implements ResponseStream<EngineOutput> {
        private final PreprocessedRequest request;
        private final RequestContext context;
        private final TierAdmission.Entry entry;
        private ResponseStream<EngineOutput> placed;
        private boolean closed;

        QueuedPlacement(PreprocessedRequest request, RequestContext context, TierAdmission.Entry entry) {
            this.request = request;
            this.context = context;
            this.entry = entry;
        }

        @Override
        public Poll<EngineOutput> poll(Waker waker) {
            if (placed == null) {
                if (closed) {
                    return Poll.end();
                }
                Optional<TierAdmission.Ticket> ticket = entry.poll(waker);
                if (ticket.isEmpty()) {
                    return Poll.pending();
                }
                placed = admitted(request, context, ticket.get());
            }
            return placed.poll(waker);
        }

        @Override
        public Optional<EngineOutput> next() {
            return ResponseStream.await(this);
        }

        @Override
        public void close() {
            closed = true;
            entry.cancel();
            if (placed != null) {
                placed.close();
            }
        }
    }

    /** Releases the sequence's admission ticket when its stream ends, fails or is closed. */
    private static final class AdmittedPlacement implements ResponseStream<EngineOutput> {
        private final ResponseStream<EngineOutput> inner;
        private final TierAdmission.Ticket ticket;

        AdmittedPlacement(ResponseStream<EngineOutput> inner, TierAdmission.Ticket ticket) {
            this.inner = inner;
            this.ticket = ticket;
        }

        @Override
        public Poll<EngineOutput> poll(Waker waker) {
            Poll<EngineOutput> out;
            try {
                out = inner.poll(waker);
            } catch (RuntimeException e) {
                ticket.release();
                throw e;
            }
            switch (out) {
                case Poll.Item<EngineOutput> item -> {
                    if (item.item().isFinal()) {
                        ticket.release();
                    }
                }
                case Poll.End<EngineOutput> end -> ticket.release();
                case Poll.Pending<EngineOutput> pending -> {}
            }
            return out;
        }

        @Override
        public Optional<EngineOutput> next() {
            return ResponseStream.await(this);
        }

        @Override
        public void close() {
            ticket.release();
            inner.close();
        }
    }

    /** A placement that waits for a worker of the tier to be free, then reads its stream. */
    private final class WaitingPlacement implements ResponseStream<EngineOutput> {
        private final PreprocessedRequest request;
        private final RequestContext context;
        private final String placementId;
        private final CapacityWait wait;
        private ResponseStream<EngineOutput> placed;
        private boolean closed;

        WaitingPlacement(PreprocessedRequest request, RequestContext context, String placementId) {
            this.request = request;
            this.context = context;
            this.placementId = placementId;
            this.wait =
                    new CapacityWait(selector, scheduler, "every worker of the " + thisSeqlen + "-token tier is busy");
        }

        @Override
        public Poll<EngineOutput> poll(Waker waker) {
            if (placed == null) {
                if (closed) {
                    return Poll.end();
                }
                Optional<WorkerSelector.Selection> chosen =
                        wait.poll(waker, () -> selector.trySelect(candidates(request, context), request, placementId));
                if (chosen.isEmpty()) {
                    return Poll.pending();
                }
                placed = open(request, context, chosen.get(), selector, placementId);
            }
            return placed.poll(waker);
        }

        @Override
        public Optional<EngineOutput> next() {
            return ResponseStream.await(this);
        }

        @Override
        public void close() {
            closed = true;
            wait.cancel();
            if (placed != null) {
                placed.close();
            }
        }
    }

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
        public Poll<EngineOutput> poll(Waker waker) {
            Poll<EngineOutput> out;
            try {
                out = inner.poll(waker);
            } catch (StreamBrokenException e) {
                onBroken.run();
                end();
                throw e;
            } catch (RuntimeException e) {
                end();
                throw e;
            }
            switch (out) {
                case Poll.Item<EngineOutput> item -> {
                    if (!started && item.item().tokenCount() > 0) {
                        started = true;
                        selector.firstToken(placementId);
                    }
                    if (item.item().isFinal()) {
                        end();
                    }
                }
                case Poll.End<EngineOutput> end -> end();
                case Poll.Pending<EngineOutput> pending -> {}
            }
            return out;
        }

        @Override
        public Optional<EngineOutput> next() {
            return ResponseStream.await(this);
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
