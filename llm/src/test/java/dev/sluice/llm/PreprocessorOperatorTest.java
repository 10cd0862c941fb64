package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.openai.OpenAiRequest;
import dev.sluice.protocol.openai.OpenAiRequestParser;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The preprocessor alone: template, tokens, limits on the way down; chunks, usage, annotations on the way up. */
@Timeout(10)
class PreprocessorOperatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModelInfo model = new ModelInfo(
            "m",
            64,
            new ByteTokenizer(),
            chat -> "<" + chat.messages().getLast().get("content") + ">",
            List.of(ByteTokenizer.EOS),
            "sum");
    private final List<PreprocessedRequest> seen = new ArrayList<>();

    private OpenAiRequest chat(String extra) throws Exception {
        return OpenAiRequestParser.chat(
                JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hey\"}]" + extra + "}"));
    }

    private List<LlmChunk> run(OpenAiRequest request) {
        return new PreprocessorOperator(model)
                .link((req, ctx) -> {
                    seen.add(req);
                    return ResponseStream.of(List.of(
                            EngineOutput.tokens(1).withText("x").withCachedTokens(2),
                            EngineOutput.finished(FinishReason.LENGTH, 2).withText("y")));
                })
                .generate(request, RequestContext.create("r"))
                .toList();
    }

    @Test
    void rendersTokenizesAndResolvesLimits() throws Exception {
        run(chat(",\"max_tokens\":5,\"stop\":[\"z\"],\"seed\":9"));
        PreprocessedRequest r = seen.getFirst();
        assertThat(r.tokenIds()).containsExactly(new ByteTokenizer().encode("<hey>", false));
        assertThat(r.stop().maxTokens()).isEqualTo(5);
        assertThat(r.stop().stop()).containsExactly("z");
        assertThat(r.stop().stopTokenIds()).containsExactly(ByteTokenizer.EOS);
        assertThat(r.sampling().seed()).hasValue(9);
        run(chat(""));
        assertThat(seen.getLast().stop().maxTokens()).isEqualTo(64 - 5);
    }

    @Test
    void countsUsageAndAnnotatesTheLastChunk() throws Exception {
        List<LlmChunk> chunks =
                run(chat(",\"sluice\":{\"annotations\":[\"formatted_prompt\",\"token_ids\",\"nope\"]}"));
        assertThat(chunks).extracting(LlmChunk::text).containsExactly("x", "y");
        LlmChunk last = chunks.getLast();
        assertThat(last.usage()).contains(new LlmChunk.Usage(5, 2, 2));
        assertThat(last.annotations())
                .containsEntry("formatted_prompt", "<hey>")
                .containsKey("token_ids")
                .doesNotContainKey("nope");
        assertThat(chunks.getFirst().annotations()).isEmpty();
    }

    @Test
    void refusesPromptsTheContextCannotHold() throws Exception {
        String big = "a".repeat(70);
        assertThatThrownBy(() -> run(OpenAiRequestParser.chat(JSON.readTree(
                        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}"))))
                .isInstanceOfSatisfying(
                        SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_LENGTH_EXCEEDED));
        assertThatThrownBy(() -> run(chat(",\"max_tokens\":60")))
                .isInstanceOfSatisfying(
                        SluiceException.class, e -> assertThat(e.param()).contains("max_tokens"));
        assertThatThrownBy(
                        () -> run(OpenAiRequestParser.completion(JSON.readTree("{\"model\":\"m\",\"prompt\":[999]}"))))
                .hasMessageContaining("outside the vocabulary");
    }
}
