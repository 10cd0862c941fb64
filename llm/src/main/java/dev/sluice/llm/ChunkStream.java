package dev.sluice.llm;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The preprocessor's backward path: engine outputs to chunks, counting usage and attaching annotations at the end. */
final class ChunkStream implements ResponseStream<LlmChunk> {
    private final ResponseStream<EngineOutput> outputs;
    private final PreprocessedRequest request;
    private final PreprocessorOperator.Prompt prompt;
    private final RequestContext context;
    private int completionTokens;
    private int cachedTokens;
    private boolean echoPending;
    private boolean done;
    private final long startNanos = System.nanoTime();
    private long firstTokenNanos = -1;

    ChunkStream(
            ResponseStream<EngineOutput> outputs,
            PreprocessedRequest request,
            PreprocessorOperator.Prompt prompt,
            RequestContext context) {
        this.outputs = outputs;
        this.request = request;
        this.prompt = prompt;
        this.context = context;
        this.echoPending = request.output().echo();
    }

    @Override
    public Optional<LlmChunk> next() {
        if (done) {
            return Optional.empty();
        }
        Optional<EngineOutput> next = outputs.next();
        if (next.isEmpty()) {
            done = true;
            return Optional.empty();
        }
        EngineOutput out = next.get();
        completionTokens += out.tokenCount();
        if (firstTokenNanos < 0 && out.tokenCount() > 0) {
            firstTokenNanos = System.nanoTime();
        }
        if (out.cachedTokens() >= 0) {
            cachedTokens = out.cachedTokens();
        }
        String text = echoPending ? prompt.text() + out.text() : out.text();
        echoPending = false;
        if (!out.isFinal()) {
            return Optional.of(LlmChunk.delta(text, out.tokenCount(), out.logprobs()));
        }
        done = true;
        LlmChunk.Usage usage = new LlmChunk.Usage(request.promptLength(), completionTokens, cachedTokens);
        return Optional.of(new LlmChunk(
                text,
                out.tokenCount(),
                out.logprobs(),
                List.of(),
                out.finishReason(),
                Optional.of(usage),
                annotations()));
    }

    private Map<String, Object> annotations() {
        if (request.annotations().isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        RequestTrace trace = context.attachment(RequestTrace.class, RequestTrace::new);
        for (String name : request.annotations()) {
            switch (name) {
                case "formatted_prompt" -> out.put(name, prompt.text());
                case "token_ids" ->
                    out.put(name, Arrays.stream(prompt.tokenIds()).boxed().toList());
                case "worker" ->
                    out.put(
                            name,
                            trace.placements().stream()
                                    .map(RequestTrace.Placement::workerId)
                                    .toList());
                case "tier" ->
                    out.put(
                            name,
                            trace.placements().stream()
                                    .map(RequestTrace.Placement::tier)
                                    .toList());
                case "migrations" ->
                    out.put(
                            name,
                            trace.migrations().stream()
                                    .map(RequestTrace.Migration::toMap)
                                    .toList());
                case "prefill_worker" -> out.put(name, trace.prefillWorker());
                case "prefills" -> out.put(name, trace.prefills());
                case "timing" -> out.put(name, timing(trace));
                default -> {
                    // Unknown annotation names are ignored (DESIGN.md section 9).
                }
            }
        }
        return out;
    }

    /** Times of the request's phases in milliseconds; prefill_ms is -1 when no prefill worker was used. */
    private Map<String, Object> timing(RequestTrace trace) {
        long now = System.nanoTime();
        double ttft = firstTokenNanos < 0 ? -1 : (firstTokenNanos - startNanos) / 1e6;
        double decode = firstTokenNanos < 0 ? 0 : (now - firstTokenNanos) / 1e6;
        return Map.of(
                "prefill_ms",
                trace.prefillMillis(),
                "ttft_ms",
                ttft,
                "decode_ms",
                decode,
                "total_ms",
                (now - startNanos) / 1e6);
    }

    @Override
    public void close() {
        outputs.close();
    }
}
