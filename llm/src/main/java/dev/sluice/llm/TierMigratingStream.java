package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Poll;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.Waker;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A sequence's stream across decode tiers. Outputs pass through; a {@code CONTEXT_LIMIT} finish is swallowed (its
 * tokens still go up) and the sequence continues on the next longer live tier with prompt = original prompt + every
 * token generated so far and limits reduced by what was generated. No placement or transfer state carries over. When
 * no longer tier can take it, or the continuation cannot be placed, the sequence ends with {@code LENGTH}.
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
    /** The current part is a continuation that has not produced anything yet: a refusal ends the sequence. */
    private boolean awaitingContinuation;

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
        return ResponseStream.await(this);
    }

    @Override
    public Poll<EngineOutput> poll(Waker waker) {
        if (done) {
            return Poll.end();
        }
        Poll<EngineOutput> next;
        try {
            next = current.poll(waker);
        } catch (SluiceException e) {
            if (!awaitingContinuation || e instanceof StreamBrokenException) {
                throw e; // a broken stream is the migration operator's to retry
            }
            done = true; // the longer tier refused the continuation (busy past its queue timeout)
            return Poll.item(EngineOutput.finished(FinishReason.LENGTH));
        }
        switch (next) {
            case Poll.Pending<EngineOutput> pending -> {
                return next;
            }
            case Poll.End<EngineOutput> end -> {
                done = true;
                return next;
            }
            case Poll.Item<EngineOutput> item -> {
                awaitingContinuation = false;
                EngineOutput out = item.item();
                generated.append(out.tokenIds());
                progress.add(out.tokenCount());
                if (out.finishReason().orElse(null) != FinishReason.CONTEXT_LIMIT) {
                    done = out.isFinal();
                    if (done && endedOnItsOwn(out.finishReason().orElseThrow())) {
                        disaggregator.finishedNaturally(original.promptLength(), generated.size());
                    }
                    return next;
                }
                return Poll.item(migrate(out));
            }
        }
    }

    /** EOS or a stop; or the length limit when the client set none (what it would have generated anyway). */
    private boolean endedOnItsOwn(FinishReason reason) {
        return switch (reason) {
            case EOS, STOP -> true;
            case LENGTH -> original.routing().outputUnbounded();
            default -> false;
        };
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
        int fromTier = tier;
        try {
            current = disaggregator.continueOn(longer.getAsInt(), original.continuation(generated.toArray()), context);
        } catch (SluiceException e) {
            done = true;
            return limitReached.withFinish(Optional.of(FinishReason.LENGTH));
        }
        awaitingContinuation = true;
        tier = longer.getAsInt();
        List<RequestTrace.Placement> after = trace.placements();
        long toWorker = after.size() == before.size() ? -1 : after.getLast().workerId();
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
