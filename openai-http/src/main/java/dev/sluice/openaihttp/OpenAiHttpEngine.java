package dev.sluice.openaihttp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A worker engine that drives an existing OpenAI-compatible engine server (vLLM's dialect: token-id prompts,
 * {@code return_token_ids}) over HTTP, one streamed {@code /v1/completions} request per sequence.
 *
 * <p>Tiers: the request's {@code max_tokens} is cut to what {@code this_seqlen} still holds, and an output cut there
 * ends with {@code CONTEXT_LIMIT} so the sequence migrates to a longer tier, not with the engine's {@code length}.
 * Failures: an unreachable engine, a 5xx, an error event or a stream that ends without a finish are
 * {@link StreamBrokenException}s, which the migration operator retries elsewhere; a 4xx is the request's fault and
 * reaches the client. Closing the stream closes the connection, which makes the engine abort the sequence.
 */
public final class OpenAiHttpEngine implements Engine<PreprocessedRequest, EngineOutput>, AutoCloseable {
    private static final int ERROR_BODY_LIMIT = 2048;

    private final OpenAiHttpConfig config;
    private final URI completions;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    public OpenAiHttpEngine(OpenAiHttpConfig config) {
        this.config = config;
        this.completions = config.completionsUri();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build();
    }

    @Override
    public ResponseStream<EngineOutput> generate(PreprocessedRequest request, RequestContext context) {
        int room = config.thisSeqlen() - request.tokenIds().length;
        if (room <= 0) {
            return ResponseStream.of(List.of(EngineOutput.finished(FinishReason.CONTEXT_LIMIT)));
        }
        int wanted = request.stop().maxTokens();
        if (wanted == 0) {
            return ResponseStream.of(List.of(EngineOutput.finished(FinishReason.LENGTH)));
        }
        int maxTokens = Math.min(wanted, room);
        HttpResponse<InputStream> res = send(request, maxTokens);
        if (res.statusCode() != 200) {
            throw refusal(res);
        }
        return new CompletionStream(res.body(), json, maxTokens, maxTokens < wanted, completions.toString());
    }

    private HttpResponse<InputStream> send(PreprocessedRequest request, int maxTokens) {
        HttpRequest.Builder http = HttpRequest.newBuilder(completions)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream");
        config.apiKey().ifPresent(key -> http.header("Authorization", "Bearer " + key));
        try {
            byte[] body = json.writeValueAsBytes(CompletionBody.of(json, config.model(), request, maxTokens));
            return client.send(
                    http.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new StreamBrokenException("the engine at " + completions + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamBrokenException("interrupted while calling the engine at " + completions, e);
        }
    }

    /** A 4xx is the request's fault and goes back to the client; anything else is the worker's, and migrates. */
    private SluiceException refusal(HttpResponse<InputStream> res) {
        String body;
        try (InputStream in = res.body()) {
            body = new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "";
        }
        String message = body;
        try {
            message = json.readTree(body).path("error").path("message").asText(body);
        } catch (IOException notJson) {
            // keep the raw text
        }
        String what = "the engine at " + completions + " answered " + res.statusCode() + ": " + message;
        int status = res.statusCode();
        return status >= 400 && status < 500 && status != 408 && status != 429
                ? new SluiceException(ErrorCode.INVALID_REQUEST, what)
                : new StreamBrokenException(what);
    }

    @Override
    public void close() {
        client.close();
    }
}
