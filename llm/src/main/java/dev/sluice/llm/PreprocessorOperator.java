package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.OutputOptions;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.RoutingHints;
import dev.sluice.protocol.SamplingOptions;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.openai.ChatRequest;
import dev.sluice.protocol.openai.CompletionRequest;
import dev.sluice.protocol.openai.GenerationParams;
import dev.sluice.protocol.openai.OpenAiRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.Operator;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import java.util.List;
import java.util.Map;

/**
 * The first operator: an OpenAI request becomes a {@link PreprocessedRequest} (chat template, tokens, resolved limits),
 * and engine outputs become {@link LlmChunk}s with usage and annotations on the last one.
 */
public final class PreprocessorOperator
        implements Operator<OpenAiRequest, LlmChunk, PreprocessedRequest, EngineOutput> {
    private final ModelInfo model;

    public PreprocessorOperator(ModelInfo model) {
        this.model = model;
    }

    /** The prompt as the model sees it: rendered text (empty for token prompts) and token ids. */
    record Prompt(String text, int[] tokenIds) {}

    @Override
    public ResponseStream<LlmChunk> generate(
            OpenAiRequest request, RequestContext context, Engine<PreprocessedRequest, EngineOutput> next) {
        Prompt prompt = prompt(request);
        PreprocessedRequest down = preprocess(request, prompt.tokenIds());
        ResponseStream<EngineOutput> outputs = next.generate(down, context);
        ResponseStream<LlmChunk> chunks = new ChunkStream(outputs, down, prompt, context);
        return parsesToolCalls(request) ? new ToolCallStream(chunks) : chunks;
    }

    /** Tool calls are looked for when the request offers tools and does not forbid calling them. */
    static boolean parsesToolCalls(OpenAiRequest request) {
        return request instanceof ChatRequest chat
                && chat.tools().filter(tools -> !tools.isEmpty()).isPresent()
                && !chat.toolChoice().filter("none"::equals).isPresent();
    }

    Prompt prompt(OpenAiRequest request) {
        return switch (request) {
            case ChatRequest chat -> {
                String text = model.template().render(chat);
                yield new Prompt(text, model.tokenizer().encode(text, false));
            }
            case CompletionRequest completion ->
                switch (completion.prompt()) {
                    case CompletionRequest.Prompt.Text t ->
                        new Prompt(t.text(), model.tokenizer().encode(t.text(), true));
                    case CompletionRequest.Prompt.Tokens t -> new Prompt("", checkedTokens(t.ids()));
                };
        };
    }

    private int[] checkedTokens(int[] ids) {
        int vocab = model.tokenizer().vocabSize();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] >= vocab) {
                throw SluiceException.invalid(
                        "prompt", "token id " + ids[i] + " at prompt[" + i + "] is outside the vocabulary of " + vocab);
            }
        }
        return ids;
    }

    PreprocessedRequest preprocess(OpenAiRequest request, int[] tokenIds) {
        GenerationParams p = request.params();
        int promptTokens = tokenIds.length;
        int context = model.contextLength();
        if (promptTokens == 0) {
            throw SluiceException.invalid(
                    request instanceof ChatRequest ? "messages" : "prompt", "the prompt is empty");
        }
        if (promptTokens >= context) {
            throw contextExceeded(promptTokens, 0);
        }
        if (p.maxTokens().isPresent() && promptTokens + p.maxTokens().getAsInt() > context) {
            throw contextExceeded(promptTokens, p.maxTokens().getAsInt());
        }
        int maxTokens = p.maxTokens().orElse(context - promptTokens);
        List<Integer> stopIds = p.ignoreEos() ? List.of() : model.eosTokenIds();
        StopConditions stop =
                new StopConditions(maxTokens, Math.min(p.minTokens(), maxTokens), p.stop(), stopIds, p.ignoreEos());
        SamplingOptions sampling = new SamplingOptions(p.temperature(), p.topP(), p.topK(), p.seed(), p.n(), 0, 0);
        boolean echo = request instanceof CompletionRequest c && c.echo();
        RoutingHints routing = (p.pinnedWorker().isPresent()
                        ? RoutingHints.pinned(p.pinnedWorker().getAsLong())
                        : RoutingHints.NONE)
                .withOutputUnbounded(p.maxTokens().isEmpty());
        return new PreprocessedRequest(
                model.name(),
                tokenIds,
                stop,
                sampling,
                new OutputOptions(p.logprobs(), echo),
                p.annotations(),
                routing,
                model.checksum(),
                Map.of());
    }

    private SluiceException contextExceeded(int promptTokens, int maxTokens) {
        String ask = maxTokens == 0
                ? promptTokens + " tokens in the prompt"
                : (promptTokens + maxTokens) + " tokens (" + promptTokens + " in the prompt, " + maxTokens
                        + " for the completion)";
        return new SluiceException(
                ErrorCode.CONTEXT_LENGTH_EXCEEDED,
                "This model's maximum context length is " + model.contextLength() + " tokens. However, you requested "
                        + ask + ". Please reduce the length of the prompt or of max_tokens.",
                maxTokens == 0 ? "messages" : "max_tokens");
    }
}
