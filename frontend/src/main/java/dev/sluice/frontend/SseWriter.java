package dev.sluice.frontend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.llm.LlmChunk;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a response as server-sent events: one {@code data:} event per chunk, exactly one chunk with a
 * {@code finish_reason}, then the usage chunk if asked for, then {@code data: [DONE]}. A client that goes away makes a
 * write fail; the request is then killed, which frees its sequence on the worker.
 */
final class SseWriter {
    private static final Logger LOG = Logger.getLogger(SseWriter.class.getName());
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;
    private final ResponseShape shape;
    private final ServerResponse res;
    private final TokenTimer timer;
    /** Tool calls streamed so far. */
    private int toolCalls;

    SseWriter(ObjectMapper json, ResponseShape shape, ServerResponse res, TokenTimer timer) {
        this.json = json;
        this.shape = shape;
        this.res = res;
        this.timer = timer;
    }

    void write(ResponseStream<LlmChunk> stream, RequestContext context, boolean includeUsage) {
        LlmChunk first = stream.next().orElseThrow(() -> new IllegalStateException("the pipeline returned no output"));
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (OutputStream out = res.outputStream()) {
            boolean firstChunk = true;
            for (Optional<LlmChunk> next = Optional.of(first); next.isPresent(); ) {
                LlmChunk chunk = next.get();
                timer.tokens(chunk.tokenCount());
                event(out, chunkJson(chunk, firstChunk, includeUsage));
                firstChunk = false;
                if (chunk.isFinal()) {
                    if (includeUsage) {
                        ObjectNode usage = shape.usageChunk(chunk.usage().orElseThrow());
                        shape.annotate(usage, chunk.annotations());
                        event(out, usage);
                    }
                    break;
                }
                next = nextOrError(stream, out);
            }
            out.write(DONE);
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "client went away during " + context.id(), e);
            context.kill();
            stream.close();
        }
    }

    private ObjectNode chunkJson(LlmChunk chunk, boolean first, boolean includeUsage) {
        int firstCall = toolCalls;
        toolCalls += chunk.toolCalls().size();
        String finish = chunk.finishReason()
                .map(f -> ResponseShape.finishReason(f, toolCalls > 0))
                .orElse(null);
        ObjectNode node = shape.chunk(chunk.text(), chunk.logprobs(), chunk.toolCalls(), firstCall, finish, first);
        if (chunk.isFinal() && !includeUsage) {
            shape.annotate(node, chunk.annotations());
        } else if (chunk.isFinal()) {
            node.put("usage", (String) null);
        }
        return node;
    }

    private Optional<LlmChunk> nextOrError(ResponseStream<LlmChunk> stream, OutputStream out) throws IOException {
        try {
            return stream.next();
        } catch (SluiceException e) {
            event(out, ErrorBodies.body(json, e));
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stream failed", e);
            event(out, ErrorBodies.body(json, ErrorBodies.internal(e)));
            return Optional.empty();
        }
    }

    private void event(OutputStream out, ObjectNode node) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(json.writeValueAsBytes(node));
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
