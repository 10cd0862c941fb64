package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A sequence's stream across decode tiers. Outputs pass through; a {@code CONTEXT_LIMIT} finish is swallowed (its
 * tokens still go up) and the sequence continues on the next longer live tier with prompt = original prompt + every
 * token generated so far and limits reduced by what was generated. No placement or transfer state carries over. When
 * no longer tier can take it, the sequence ends with {@code LENGTH}.
 */
final class TierMigratingStream implements ResponseStream<EngineOutput> {
    private final DecodeDisaggregator disaggregator;
    private final PreprocessedRequest original;
    private final RequestContext context;
    private final TokenLog generated = new TokenLog();
    private final SequenceProgress progress;
    private ResponseStream<EngineOutput> current;
    private int tier;
    private boolean done;

    TierMigratingStream(
            DecodeDisaggregator disaggregator, PreprocessedRequest original, RequestContext context, int tier) {
        this.disaggregator = disaggregator;
        this.original = original;
        this.context = context;
        this.tier = tier;
        this.progress = context.attachment(SequenceProgress.class, SequenceProgress::new);
        this.current = disaggregator.router(tier).generate(original, context);
    }

    @Override
    public Optional<EngineOutput> next() {
        if (done) {
            return Optional.empty();
        }
        Optional<EngineOutput> next = current.next();
        if (next.isEmpty()) {
            done = true;
            return next;
        }
        EngineOutput out = next.get();
        generated.append(out.tokenIds());
        progress.add(out.tokenCount());
        if (out.finishReason().orElse(null) != FinishReason.CONTEXT_LIMIT) {
            done = out.isFinal();
            return next;
        }
        return Optional.of(migrate(out));
    }

    private EngineOutput migrate(EngineOutput limitReached) {
        current.close();
        int length = original.promptLength() + generated.size();
        int remaining = original.stop().maxTokens() - generated.size();
        OptionalInt longer = disaggregator.longerTier(tier, length);
        if (remaining <= 0 || longer.isEmpty() || context.isStopped()) {
            done = true;
            return limitReached.withFinish(Optional.of(FinishReason.LENGTH));
        }
        RequestTrace trace = context.attachment(RequestTrace.class, RequestTrace::new);
        List<RequestTrace.Placement> before = trace.placements();
        long fromWorker = before.isEmpty() ? -1 : before.getLast().workerId();
        PreprocessedRequest continuation =
                disaggregator.prepareContinuation(original.continuation(generated.toArray()), context);
        int fromTier = tier;
        try {
            current = disaggregator.router(longer.getAsInt()).generate(continuation, context);
        } catch (SluiceException e) {
            done = true;
            return limitReached.withFinish(Optional.of(FinishReason.LENGTH));
        }
        tier = longer.getAsInt();
        List<RequestTrace.Placement> after = trace.placements();
        long toWorker = after.isEmpty() ? -1 : after.getLast().workerId();
        trace.migrated(
                new RequestTrace.Migration(fromTier, tier, fromWorker, toWorker, "context_limit", generated.size()));
        disaggregator.countMigration();
        return limitReached.withFinish(Optional.empty());
    }

    @Override
    public void close() {
        done = true;
        current.close();
    }
}
