package dev.sluice.grpc;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.TokenLogprob;
import dev.sluice.wire.Alternative;
import dev.sluice.wire.Finish;
import dev.sluice.wire.OutputBatch;
import dev.sluice.wire.OutputExtra;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link EngineOutput}s to and from a columnar {@link OutputBatch}: all token ids in one packed list, per-output token
 * counts only when some output does not have exactly one, and an {@link OutputExtra} only for an output that carries
 * more than tokens. {@link BatchCursor} reads a batch back.
 */
final class OutputCodec {
    private OutputCodec() {}

    static OutputBatch encode(List<EngineOutput> outputs) {
        OutputBatch.Builder b = OutputBatch.newBuilder();
        boolean allSingle = true;
        for (EngineOutput out : outputs) {
            allSingle &= out.tokenCount() == 1;
        }
        for (int i = 0; i < outputs.size(); i++) {
            EngineOutput out = outputs.get(i);
            for (int id : out.tokenIds()) {
                b.addTokenIds(id);
            }
            if (!allSingle) {
                b.addTokenCounts(out.tokenCount());
            }
            if (!onlyTokens(out)) {
                b.addExtras(extra(i, out));
            }
        }
        return b.build();
    }

    private static boolean onlyTokens(EngineOutput e) {
        return e.text().isEmpty()
                && e.finishReason().isEmpty()
                && e.logprobs().isEmpty()
                && e.cachedTokens() == -1
                && e.disaggregatedParams().isEmpty()
                && e.error().isEmpty();
    }

    private static OutputExtra extra(int index, EngineOutput e) {
        OutputExtra.Builder b = OutputExtra.newBuilder().setIndex(index).setText(e.text());
        e.finishReason().ifPresent(r -> b.setFinish(finish(r)));
        for (TokenLogprob lp : e.logprobs()) {
            b.addLogprobs(encode(lp));
        }
        if (e.cachedTokens() != -1) {
            b.setCachedTokens(e.cachedTokens());
        }
        b.putAllDisaggregatedParams(ParamCodec.encode(e.disaggregatedParams()));
        e.error().ifPresent(b::setError);
        return b.build();
    }

    /** The output with {@code ids} and everything {@code m} carries. */
    static EngineOutput decode(int[] ids, OutputExtra m) {
        List<TokenLogprob> lps = new ArrayList<>(m.getLogprobsCount());
        for (dev.sluice.wire.TokenLogprob lp : m.getLogprobsList()) {
            lps.add(decode(lp));
        }
        return new EngineOutput(
                ids,
                m.getText(),
                finish(m.getFinish()),
                lps,
                m.hasCachedTokens() ? m.getCachedTokens() : -1,
                ParamCodec.decode(m.getDisaggregatedParamsMap()),
                m.hasError() ? Optional.of(m.getError()) : Optional.empty());
    }

    private static dev.sluice.wire.TokenLogprob encode(TokenLogprob lp) {
        dev.sluice.wire.TokenLogprob.Builder b = dev.sluice.wire.TokenLogprob.newBuilder()
                .setTokenId(lp.tokenId())
                .setLogprob(lp.logprob());
        for (TokenLogprob.Alternative a : lp.top()) {
            b.addTop(Alternative.newBuilder().setTokenId(a.tokenId()).setLogprob(a.logprob()));
        }
        return b.build();
    }

    private static TokenLogprob decode(dev.sluice.wire.TokenLogprob m) {
        List<TokenLogprob.Alternative> top = new ArrayList<>(m.getTopCount());
        for (Alternative a : m.getTopList()) {
            top.add(new TokenLogprob.Alternative(a.getTokenId(), a.getLogprob()));
        }
        return new TokenLogprob(m.getTokenId(), m.getLogprob(), top);
    }

    private static Finish finish(FinishReason r) {
        return switch (r) {
            case STOP -> Finish.FINISH_STOP;
            case LENGTH -> Finish.FINISH_LENGTH;
            case EOS -> Finish.FINISH_EOS;
            case CANCELLED -> Finish.FINISH_CANCELLED;
            case ERROR -> Finish.FINISH_ERROR;
            case CONTEXT_LIMIT -> Finish.FINISH_CONTEXT_LIMIT;
        };
    }

    private static Optional<FinishReason> finish(Finish f) {
        return switch (f) {
            case FINISH_NONE -> Optional.empty();
            case FINISH_STOP -> Optional.of(FinishReason.STOP);
            case FINISH_LENGTH -> Optional.of(FinishReason.LENGTH);
            case FINISH_EOS -> Optional.of(FinishReason.EOS);
            case FINISH_CANCELLED -> Optional.of(FinishReason.CANCELLED);
            case FINISH_ERROR -> Optional.of(FinishReason.ERROR);
            case FINISH_CONTEXT_LIMIT -> Optional.of(FinishReason.CONTEXT_LIMIT);
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown finish reason " + f.getNumber());
        };
    }
}
