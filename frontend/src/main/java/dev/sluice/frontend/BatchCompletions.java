package dev.sluice.frontend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.llm.LlmChunk;
import dev.sluice.protocol.openai.CompletionRequest;
import dev.sluice.protocol.openai.OpenAiRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A completions request with several prompts: each prompt runs through the pipeline as its own request, and the
 * results are the choices of one response (choice i for prompt i), streamed one prompt after the other, with usage
 * summed. All prompts are started before any is read, so they run concurrently on the workers.
 */
final class BatchCompletions {
    private BatchCompletions() {}

    static void respond(
            ObjectMapper json,
            ResponseShape shape,
            ServerResponse res,
            Engine<OpenAiRequest, LlmChunk> engine,
            CompletionRequest batch,
            String id,
            TokenTimer timer) {
        List<CompletionRequest> parts = batch.split();
        List<RequestContext> contexts = new ArrayList<>();
        List<ResponseStream<LlmChunk>> streams = new ArrayList<>();
        try {
            for (int i = 0; i < parts.size(); i++) {
                RequestContext ctx = RequestContext.create(id + "-" + i);
                contexts.add(ctx);
                streams.add(engine.generate(parts.get(i), ctx));
            }
            if (batch.params().stream()) {
                stream(json, shape, res, streams, batch.params().includeUsage(), timer, contexts);
            } else {
                whole(json, shape, res, streams, timer);
            }
        } finally {
            streams.forEach(ResponseStream::close);
        }
    }

    private static void whole(
            ObjectMapper json,
            ResponseShape shape,
            ServerResponse res,
            List<ResponseStream<LlmChunk>> streams,
            TokenTimer timer) {
        List<String> texts = new ArrayList<>();
        List<String> finishes = new ArrayList<>();
        int prompt = 0;
        int completion = 0;
        int cached = 0;
        for (ResponseStream<LlmChunk> s : streams) {
            StringBuilder text = new StringBuilder();
            for (Optional<LlmChunk> c = s.next(); c.isPresent(); c = s.next()) {
                timer.tokens(c.get().tokenCount());
                text.append(c.get().text());
                if (c.get().isFinal()) {
                    finishes.add(c.get().finishReason().orElseThrow().openAiName());
                    LlmChunk.Usage u = c.get().usage().orElseThrow();
                    prompt += u.promptTokens();
                    timer.promptTokens(u.promptTokens());
                    completion += u.completionTokens();
                    cached += u.cachedTokens();
                }
            }
            texts.add(text.toString());
        }
        try {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json.writeValueAsBytes(
                    shape.completeBatch(texts, finishes, new LlmChunk.Usage(prompt, completion, cached))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stream(
            ObjectMapper json,
            ResponseShape shape,
            ServerResponse res,
            List<ResponseStream<LlmChunk>> streams,
            boolean includeUsage,
            TokenTimer timer,
            List<RequestContext> contexts) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        int prompt = 0;
        int completion = 0;
        int cached = 0;
        try (OutputStream out = res.outputStream()) {
            for (int i = 0; i < streams.size(); i++) {
                for (Optional<LlmChunk> c = streams.get(i).next();
                        c.isPresent();
                        c = streams.get(i).next()) {
                    LlmChunk chunk = c.get();
                    timer.tokens(chunk.tokenCount());
                    event(
                            out,
                            json,
                            shape.chunk(
                                    i,
                                    chunk.text(),
                                    chunk.logprobs(),
                                    chunk.finishReason()
                                            .map(f -> f.openAiName())
                                            .orElse(null),
                                    false));
                    if (chunk.isFinal()) {
                        LlmChunk.Usage u = chunk.usage().orElseThrow();
                        prompt += u.promptTokens();
                        timer.promptTokens(u.promptTokens());
                        completion += u.completionTokens();
                        cached += u.cachedTokens();
                    }
                }
            }
            if (includeUsage) {
                event(out, json, shape.usageChunk(new LlmChunk.Usage(prompt, completion, cached)));
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            contexts.forEach(RequestContext::kill);
        }
    }

    private static void event(OutputStream out, ObjectMapper json, ObjectNode node) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(json.writeValueAsBytes(node));
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
