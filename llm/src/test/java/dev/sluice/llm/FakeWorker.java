package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scripted worker for operator tests: token i of a sequence is {@code 1000 + i} (i counted over the whole sequence,
 * so a continuation carries on the numbering), it stops at {@code maxTokens} or at its tier limit, and it can be told
 * to break after a number of tokens.
 */
class FakeWorker implements Engine<PreprocessedRequest, EngineOutput> {
    final int thisSeqlen;
    final int promptBase;
    int breakAfter = Integer.MAX_VALUE;
    final List<PreprocessedRequest> received = new ArrayList<>();
    int closed;

    FakeWorker(int thisSeqlen, int promptBase) {
        this.thisSeqlen = thisSeqlen;
        this.promptBase = promptBase;
    }

    @Override
    public ResponseStream<EngineOutput> generate(PreprocessedRequest request, RequestContext context) {
        received.add(request);
        return new ResponseStream<>() {
            int produced;
            boolean done;

            @Override
            public Optional<EngineOutput> next() {
                if (done) {
                    return Optional.empty();
                }
                if (produced >= breakAfter) {
                    throw new StreamBrokenException("worker died");
                }
                int position = request.promptLength() + produced;
                int token = 1000 + position - promptBase;
                produced++;
                if (produced >= request.stop().maxTokens()) {
                    done = true;
                    return Optional.of(EngineOutput.finished(FinishReason.LENGTH, token));
                }
                if (position + 1 >= thisSeqlen) {
                    done = true;
                    return Optional.of(EngineOutput.finished(FinishReason.CONTEXT_LIMIT, token));
                }
                return Optional.of(EngineOutput.tokens(token));
            }

            @Override
            public void close() {
                closed++;
            }
        };
    }
}
