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

    public TierRouter(int thisSeqlen, LiveWorkers workers, WorkerSelector selector, RequestPlane requestPlane) {
        this.thisSeqlen = thisSeqlen;
        this.workers = workers;
        this.selector = selector;
        this.requestPlane = requestPlane;
    }

    public int thisSeqlen() {
        return thisSeqlen;
    }

    @Override
    public ResponseStream<EngineOutput> generate(PreprocessedRequest request, RequestContext context) {
        List<InstanceRecord> tier = workers.tier(thisSeqlen);
        if (tier.isEmpty()) {
            throw new SluiceException(
                    ErrorCode.NO_WORKERS, "no live worker in the " + thisSeqlen + "-token tier of " + request.model());
        }
        WorkerSelector.Selection chosen = pinned(request, tier).orElseGet(() -> selector.select(tier, request));
        RequestTrace trace = context.attachment(RequestTrace.class, RequestTrace::new);
        int generatedSoFar = context.attachment(SequenceProgress.class, SequenceProgress::new).generated();
        trace.placed(new RequestTrace.Placement(
                thisSeqlen, chosen.worker().instanceId(), generatedSoFar, chosen.overlapBlocks()));
        return requestPlane.client(chosen.worker()).generate(request, context);
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
                            "sluice.worker", "worker " + id + " is not a live worker of the " + tierName(tier) + " tier");
                });
    }

    private static String tierName(List<InstanceRecord> tier) {
        return tier.getFirst().metadata().thisSeqlen() + "-token";
    }
}
