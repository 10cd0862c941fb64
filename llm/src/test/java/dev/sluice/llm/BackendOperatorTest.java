package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The backend alone, in front of a scripted engine that emits one byte-token per output. */
@Timeout(10)
class BackendOperatorTest {
    private final ByteTokenizer tokenizer = new ByteTokenizer();
    private final AtomicBoolean closedBelow = new AtomicBoolean();

    private Engine<PreprocessedRequest, EngineOutput> script(int... tokens) {
        return (req, ctx) -> new ResponseStream<>() {
            int i;

            @Override
            public Optional<EngineOutput> next() {
                if (i >= tokens.length) {
                    return Optional.empty();
                }
                int t = tokens[i++];
                return Optional.of(
                        i == tokens.length ? EngineOutput.finished(FinishReason.LENGTH, t) : EngineOutput.tokens(t));
            }

            @Override
            public void close() {
                closedBelow.set(i < tokens.length);
            }
        };
    }

    private List<EngineOutput> run(StopConditions stop, int... tokens) {
        return new BackendOperator(tokenizer)
                .link(script(tokens))
                .generate(PreprocessedRequest.of("m", new int[] {65}, stop), RequestContext.create("r"))
                .toList();
    }

    private static String text(List<EngineOutput> outs) {
        StringBuilder sb = new StringBuilder();
        outs.forEach(o -> sb.append(o.text()));
        return sb.toString();
    }

    @Test
    void multiByteCharactersAreEmittedWholeNeverBroken() {
        int[] bytes = tokenizer.encode("a世b", false);
        List<EngineOutput> outs = run(StopConditions.maxTokens(100), bytes);
        assertThat(outs).extracting(EngineOutput::text).containsExactly("a", "", "", "世", "b");
        assertThat(text(outs)).doesNotContain("\uFFFD");
    }

    @Test
    void aStopStringSpanningTokensIsNotShownAndEndsTheSequenceBelow() {
        List<EngineOutput> outs = run(
                new StopConditions(100, 0, List.of("STOP"), List.of(), false),
                tokenizer.encode("hi STOP more text", false));
        assertThat(text(outs)).isEqualTo("hi ");
        assertThat(outs.getLast().finishReason()).contains(FinishReason.STOP);
        assertThat(outs.stream().filter(EngineOutput::isFinal)).hasSize(1);
        assertThat(closedBelow).isTrue();
    }

    @Test
    void eosEndsTheSequenceUnlessIgnoredOrBeforeMinTokens() {
        int[] withEos = {104, 105, ByteTokenizer.EOS, 106, 107};
        List<EngineOutput> outs =
                run(new StopConditions(100, 0, List.of(), List.of(ByteTokenizer.EOS), false), withEos);
        assertThat(text(outs)).isEqualTo("hi");
        assertThat(outs.getLast().finishReason()).contains(FinishReason.EOS);
        assertThat(outs.stream().mapToInt(EngineOutput::tokenCount).sum()).isEqualTo(3);

        List<EngineOutput> ignored = run(new StopConditions(100, 0, List.of(), List.of(), true), withEos);
        assertThat(text(ignored)).isEqualTo("hijk");
        List<EngineOutput> early =
                run(new StopConditions(100, 4, List.of(), List.of(ByteTokenizer.EOS), false), withEos);
        assertThat(text(early)).isEqualTo("hijk");
    }

    @Test
    void maxTokensEndsTheSequenceWithLength() {
        List<EngineOutput> outs = run(StopConditions.maxTokens(3), tokenizer.encode("abcdef", false));
        assertThat(text(outs)).isEqualTo("abc");
        assertThat(outs.getLast().finishReason()).contains(FinishReason.LENGTH);
        assertThat(closedBelow).isTrue();
    }

    @Test
    void heldBackTextIsFlushedAtTheEnd() {
        List<EngineOutput> outs =
                run(new StopConditions(100, 0, List.of("STOP"), List.of(), false), tokenizer.encode("abc ST", false));
        assertThat(text(outs)).isEqualTo("abc ST");
        List<String> perOutput = new ArrayList<>();
        outs.forEach(o -> perOutput.add(o.text()));
        assertThat(perOutput.getLast()).isEqualTo("ST");
    }
}
