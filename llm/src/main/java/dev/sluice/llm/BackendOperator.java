package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.Operator;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.tokenizer.Tokenizer;

/**
 * Turns token ids into text on the way back: an incremental detokenizer that never splits a character, a stop-string
 * matcher that holds back text which may become a stop string, EOS and stop token ids, and {@code max_tokens}. When
 * it ends a sequence before the engine does, it closes the stream below, which cancels the request downstream.
 *
 * <p>It sits above migration so that one detokenizer and one matcher see the whole sequence, however many workers
 * produce it.
 */
public final class BackendOperator
        implements Operator<PreprocessedRequest, EngineOutput, PreprocessedRequest, EngineOutput> {
    private final Tokenizer tokenizer;

    public BackendOperator(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public ResponseStream<EngineOutput> generate(
            PreprocessedRequest request, RequestContext context, Engine<PreprocessedRequest, EngineOutput> next) {
        return new DecodingStream(tokenizer, request, next.generate(request, context));
    }
}
