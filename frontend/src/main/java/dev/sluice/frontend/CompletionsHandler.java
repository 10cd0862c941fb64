package dev.sluice.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.llm.LlmChunk;
import dev.sluice.llm.ModelRegistry;
import dev.sluice.llm.ServedModel;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.openai.OpenAiRequest;
import dev.sluice.protocol.openai.OpenAiRequestParser;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}: read and validate the body, find the model,
 * admit the request within the in-flight limit, run the pipeline on this virtual thread and write the response,
 * streamed as server-sent events or whole. Every failure becomes an OpenAI error body via {@link ErrorBodies}.
 */
final class CompletionsHandler implements Handler {
    private static final Logger LOG = Logger.getLogger(CompletionsHandler.class.getName());

    private final boolean chat;
    private final ModelRegistry models;
    private final FrontendMetrics metrics;
    private final ObjectMapper json;
    private final FrontendConfig config;
    private final Semaphore admission;
    private final Clock clock;

    CompletionsHandler(
            boolean chat,
            ModelRegistry models,
            FrontendMetrics metrics,
            ObjectMapper json,
            FrontendConfig config,
            Semaphore admission,
            Clock clock) {
        this.chat = chat;
        this.models = models;
        this.metrics = metrics;
        this.json = json;
        this.config = config;
        this.admission = admission;
        this.clock = clock;
    }

    private String endpoint() {
        return chat ? "chat_completions" : "completions";
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String model = "";
        try {
            OpenAiRequest request = parse(readBody(req));
            model = request.model();
            ServedModel served = models.model(request.model())
                    .orElseThrow(() -> new SluiceException(
                            ErrorCode.MODEL_NOT_FOUND, "The model '" + request.model() + "' does not exist", "model"));
            if (!admission.tryAcquire()) {
                throw new SluiceException(
                        ErrorCode.RATE_LIMITED,
                        "too many requests in flight (limit " + config.maxInFlight() + "); retry later");
            }
            try {
                run(served, request, req, res);
            } finally {
                admission.release();
            }
            metrics.request(model, endpoint(), res.status().code());
        } catch (SluiceException e) {
            fail(res, model, e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request failed", e);
            fail(res, model, ErrorBodies.internal(e));
        }
    }

    private void run(ServedModel served, OpenAiRequest request, ServerRequest req, ServerResponse res) {
        String id =
                (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        RequestContext context = RequestContext.create(id);
        ResponseShape shape = new ResponseShape(
                json,
                chat,
                id,
                clock.instant().getEpochSecond(),
                request.model(),
                served.info().tokenizer());
        long start = System.nanoTime();
        metrics.started(request.model());
        TokenTimer timer = new TokenTimer(metrics, request.model(), start);
        if (request instanceof dev.sluice.protocol.openai.CompletionRequest batch
                && batch.prompts().size() > 1) {
            try {
                BatchCompletions.respond(json, shape, res, served.engine(), batch, id, timer);
            } finally {
                ended(req, request, start, timer);
            }
            return;
        }
        try (ResponseStream<LlmChunk> stream =
                served.engine().generate(request, context).map(c -> countPrompt(c, timer))) {
            if (request.params().stream()) {
                new SseWriter(json, shape, res, timer)
                        .write(stream, context, request.params().includeUsage());
            } else {
                Aggregated.respond(json, shape, res, stream, timer);
            }
        } finally {
            ended(req, request, start, timer);
        }
    }

    private static LlmChunk countPrompt(LlmChunk chunk, TokenTimer timer) {
        chunk.usage().ifPresent(u -> timer.promptTokens(u.promptTokens()));
        return chunk;
    }

    /** Records the finished response, and tells its API key's budget (if any) how many tokens it used. */
    private void ended(ServerRequest req, OpenAiRequest request, long startNanos, TokenTimer timer) {
        metrics.ended(request.model(), (System.nanoTime() - startNanos) / 1e9, timer.tokens());
        req.context().get(AuthFilter.KeyUsage.class).ifPresent(u -> u.add(timer.allTokens()));
    }

    private OpenAiRequest parse(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw new SluiceException(
                    ErrorCode.INVALID_JSON, "the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        return chat ? OpenAiRequestParser.chat(node) : OpenAiRequestParser.completion(node);
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
    }

    private byte[] readBody(ServerRequest req) {
        long limit = config.maxBodyBytes();
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw tooLarge(declared.getAsLong());
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(body.length);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SluiceException tooLarge(long size) {
        return new SluiceException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "the request body of " + size + " bytes exceeds the limit of " + config.maxBodyBytes() + " bytes");
    }

    private void fail(ServerResponse res, String model, SluiceException e) {
        metrics.request(
                model.isEmpty() ? "unknown" : model, endpoint(), e.code().httpStatus());
        metrics.rejected(model.isEmpty() ? "unknown" : model, e.code().code());
        if (res.isSent()) {
            return;
        }
        try {
            res.status(e.code().httpStatus());
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            e.retryAfter()
                    .ifPresent(
                            w -> res.header(HeaderNames.RETRY_AFTER, Long.toString(AuthFilter.retryAfterSeconds(w))));
            res.send(json.writeValueAsBytes(ErrorBodies.body(json, e)));
        } catch (IOException | RuntimeException ignored) {
            // The client is gone; nothing left to tell it.
        }
    }
}
