package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.StopConditions;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.Operator;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
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
 * worker fails, the request is served aggregated.
 */
public final class PrefillRouterOperator
        implements Operator<PreprocessedRequest, EngineOutput, PreprocessedRequest, EngineOutput> {
    private static final Logger LOG = Logger.getLogger(PrefillRouterOperator.class.getName());

    private final LiveWorkers prefillWorkers;
    private final WorkerSelector selector;
    private final RequestPlane requestPlane;
    private final int threshold;

    public PrefillRouterOperator(
            LiveWorkers prefillWorkers, WorkerSelector selector, RequestPlane requestPlane, int threshold) {
        this.prefillWorkers = prefillWorkers;
        this.selector = selector;
        this.requestPlane = requestPlane;
        this.threshold = threshold;
    }

    @Override
    public ResponseStream<EngineOutput> generate(
            PreprocessedRequest request, RequestContext context, Engine<PreprocessedRequest, EngineOutput> next) {
        return next.generate(withPrefill(request, context), context);
    }

    /**
     * The request with a prefill worker's KV handle when the pool is live and the prompt long enough, else as it
     * was. Also used for a tier migration's continuation, which re-prefills through the pool.
     */
    public PreprocessedRequest withPrefill(PreprocessedRequest request, RequestContext context) {
        List<InstanceRecord> pool =
                prefillWorkers.tiers().values().stream().flatMap(List::stream).toList();
        if (pool.isEmpty()
                || request.promptLength() < threshold
                || !request.disaggregatedParams().isEmpty()) {
            return request;
        }
        return prefill(pool, request, context)
                .map(request::withDisaggregatedParams)
                .orElse(request);
    }

    /** Prompt tokens the chosen prefill worker does not already cache. */
    private static int uncached(PreprocessedRequest request, WorkerSelector.Selection chosen) {
        return request.promptLength()
                - chosen.overlapBlocks() * chosen.worker().metadata().kvBlockSize();
    }

    private Optional<Map<String, Object>> prefill(
            List<InstanceRecord> pool, PreprocessedRequest request, RequestContext context) {
        RequestTrace trace = context.attachment(RequestTrace.class, RequestTrace::new);
        String placementId = context.id() + "/prefill/" + trace.prefills();
        WorkerSelector.Selection chosen = selector.select(pool, request, placementId);
        if (uncached(request, chosen) < threshold) {
            selector.finished(placementId);
            return Optional.empty(); // mostly cached: computing the rest locally beats a transfer
        }
        long start = System.nanoTime();
        PreprocessedRequest one = request.withStop(new StopConditions(1, 0, List.of(), List.of(), true));
        try (ResponseStream<EngineOutput> s =
                requestPlane.client(chosen.worker()).generate(one, context)) {
            for (Optional<EngineOutput> out = s.next(); out.isPresent(); out = s.next()) {
                if (!out.get().disaggregatedParams().isEmpty()) {
                    trace.prefilled(chosen.worker().instanceId(), (System.nanoTime() - start) / 1e6);
                    return Optional.of(out.get().disaggregatedParams());
                }
            }
            return Optional.empty();
        } catch (SluiceException e) {
            LOG.log(Level.FINE, "prefill on " + chosen.worker().instanceId() + " failed; serving aggregated", e);
            return Optional.empty();
        } finally {
            selector.finished(placementId);
        }
    }
}
