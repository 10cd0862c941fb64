package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.Operator;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import java.util.NavigableSet;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/**
 * Chooses the decode tier of a request (DESIGN.md section 2) and hands it to that tier's router. When a worker stops a
 * sequence at its tier's limit ({@code CONTEXT_LIMIT}), {@link TierMigratingStream} continues it on the next longer
 * live tier, so the stream above never notices.
 */
public final class DecodeDisaggregator implements Engine<PreprocessedRequest, EngineOutput> {
    private final LiveWorkers workers;
    private final IntFunction<Engine<PreprocessedRequest, EngineOutput>> tierRouters;
    private final TierPolicy policy;
    private final int maxSeqlen;
    private final Runnable onTierMigration;
    private volatile Operator<PreprocessedRequest, EngineOutput, PreprocessedRequest, EngineOutput> reprefill =
            (request, context, next) -> next.generate(request, context);

    /**
     * @param tierRouters the router of a tier by its {@code this_seqlen}
     * @param maxSeqlen the deployment's longest sequence (the model card's context length)
     */
    public DecodeDisaggregator(
            LiveWorkers workers,
            IntFunction<Engine<PreprocessedRequest, EngineOutput>> tierRouters,
            TierPolicy policy,
            int maxSeqlen,
            Runnable onTierMigration) {
        this.workers = workers;
        this.tierRouters = tierRouters;
        this.policy = policy;
        this.maxSeqlen = maxSeqlen;
        this.onTierMigration = onTierMigration;
    }

    @Override
    public ResponseStream<EngineOutput> generate(PreprocessedRequest request, RequestContext context) {
        int tier = chooseTier(request);
        context.attachment(
                ExpectedOutput.class, () -> new ExpectedOutput(Math.max(0, policy.expectedOutput(demand(request)))));
        return new TierMigratingStream(this, request, context, tier);
    }

    /** A limit the client did not set says nothing of the length to expect: the policy sees what the context leaves. */
    private TierPolicy.Demand demand(PreprocessedRequest request) {
        int p = request.promptLength();
        boolean given = !request.routing().outputUnbounded();
        int maxTokens = given ? request.stop().maxTokens() : Math.max(0, maxSeqlen - p);
        return new TierPolicy.Demand(p, maxTokens, given);
    }

    int chooseTier(PreprocessedRequest request) {
        int p = request.promptLength();
        NavigableSet<Integer> live = workers.tiers().navigableKeySet();
        if (request.routing().backendInstanceId().isPresent()) {
            return pinnedTier(request.routing().backendInstanceId().getAsLong(), p);
        }
        OptionalInt tier = policy.choose(live, demand(request));
        if (tier.isPresent()) {
            return tier.getAsInt();
        }
        if (p + 1 > maxSeqlen) {
            throw new SluiceException(
                    ErrorCode.CONTEXT_LENGTH_EXCEEDED,
                    "the sequence of " + p + " tokens does not fit the model's maximum context length of " + maxSeqlen
                            + " tokens",
                    "messages");
        }
        if (live.isEmpty()) {
            throw new SluiceException(ErrorCode.NO_WORKERS, "no live decode worker serves " + request.model());
        }
        throw new SluiceException(
                ErrorCode.NO_WORKERS,
                "no live decode tier holds a sequence of " + (p + 1) + " tokens; the " + maxSeqlen
                        + "-token tier is down (live tiers: " + live + ")");
    }

    private int pinnedTier(long instanceId, int promptTokens) {
        InstanceRecord worker = workers.find(instanceId)
                .orElseThrow(() -> SluiceException.invalid(
                        "sluice.worker", "worker " + instanceId + " is not a live decode worker"));
        int tier = worker.metadata().thisSeqlen();
        if (promptTokens >= tier) {
            throw SluiceException.invalid(
                    "sluice.worker",
                    "worker " + instanceId + " holds " + tier + " tokens; the prompt has " + promptTokens);
        }
        return tier;
    }

    /** The next longer live tier after {@code tier} that holds {@code length + 1} tokens. */
    OptionalInt longerTier(int tier, int length) {
        Integer next = workers.tiers().navigableKeySet().higher(Math.max(tier, length));
        return next == null ? OptionalInt.empty() : OptionalInt.of(next);
    }

    Engine<PreprocessedRequest, EngineOutput> router(int tier) {
        return tierRouters.apply(tier);
    }

    /** What a continuation passes through before the longer tier's router (e.g. the prefill pool's operator). */
    public void reprefillWith(Operator<PreprocessedRequest, EngineOutput, PreprocessedRequest, EngineOutput> operator) {
        this.reprefill = operator;
    }

    /** Starts a continuation on {@code tier}, through the re-prefill operator. */
    ResponseStream<EngineOutput> continueOn(int tier, PreprocessedRequest continuation, RequestContext context) {
        return reprefill.generate(continuation, context, router(tier));
    }

    /** A sequence ended on its own: a learning tier policy hears of it. */
    void finishedNaturally(int promptTokens, int generatedTokens) {
        policy.finished(promptTokens, generatedTokens);
    }

    void countMigration() {
        onTierMigration.run();
    }
}
