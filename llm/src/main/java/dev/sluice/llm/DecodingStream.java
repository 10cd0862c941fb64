package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.TokenLogprob;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.tokenizer.IncrementalDetokenizer;
import dev.sluice.tokenizer.StopStringMatcher;
import dev.sluice.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The backend's per-request state: detokenizer, stop matcher and token count. */
final class DecodingStream implements ResponseStream<EngineOutput> {
    /** Prompt tokens the detokenizer starts from, so the first word's leading space decodes as in context. */
    private static final int PROMPT_TAIL = 5;

    private final ResponseStream<EngineOutput> below;
    private final StopConditions stop;
    private final IncrementalDetokenizer detokenizer;
    private final StopStringMatcher matcher;
    private int generated;
    private boolean done;

    DecodingStream(Tokenizer tokenizer, PreprocessedRequest request, ResponseStream<EngineOutput> below) {
        this.below = below;
        this.stop = request.stop();
        int[] prompt = request.tokenIds();
        this.detokenizer = new IncrementalDetokenizer(
                tokenizer, true, Arrays.copyOfRange(prompt, Math.max(0, prompt.length - PROMPT_TAIL), prompt.length));
        this.matcher = new StopStringMatcher(stop.stop());
    }

    @Override
    public Optional<EngineOutput> next() {
        if (done) {
            return Optional.empty();
        }
        Optional<EngineOutput> next = below.next();
        if (next.isEmpty()) {
            done = true;
            return Optional.empty();
        }
        EngineOutput out = next.get();
        EngineOutput decoded = decode(out);
        if (decoded.isFinal()) {
            done = true;
            if (!out.isFinal()) {
                below.close();
            }
        }
        return Optional.of(decoded);
    }

    private EngineOutput decode(EngineOutput out) {
        int[] ids = out.tokenIds();
        StringBuilder text = new StringBuilder();
        Optional<FinishReason> finish = Optional.empty();
        int kept = 0;
        while (kept < ids.length && finish.isEmpty()) {
            int id = ids[kept++];
            generated++;
            if (stop.stopTokenIds().contains(id) && !stop.ignoreEos() && generated > stop.minTokens()) {
                finish = Optional.of(FinishReason.EOS);
                break;
            }
            StopStringMatcher.Result r = matcher.push(detokenizer.push(id));
            text.append(r.text());
            if (r.stopped()) {
                finish = Optional.of(FinishReason.STOP);
            } else if (generated >= stop.maxTokens()) {
                finish = Optional.of(FinishReason.LENGTH);
            }
        }
        if (finish.isEmpty() && out.isFinal()) {
            finish = out.finishReason();
        }
        if (finish.isPresent() && finish.get() != FinishReason.STOP) {
            StopStringMatcher.Result r = matcher.push(detokenizer.flush());
            text.append(r.text());
            if (r.stopped()) {
                finish = Optional.of(FinishReason.STOP);
            } else {
                text.append(matcher.flush());
            }
        }
        List<TokenLogprob> lps =
                out.logprobs().size() > kept ? new ArrayList<>(out.logprobs().subList(0, kept)) : out.logprobs();
        return out.withTokens(Arrays.copyOf(ids, kept), lps)
                .withText(text.toString())
                .withFinish(finish);
    }

    @Override
    public void close() {
        done = true;
        below.close();
    }
}
