package dev.sluice.openaihttp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
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
    /**
     * The key of Sluice's disaggregated params under which a prefill leg's {@code kv_transfer_params} travel to the
     * decode leg, as the JSON text the engine returned (passed through unchanged).
     */
    public static final String KV_TRANSFER_PARAMS = "kv_transfer_params";

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
        HttpResponse<InputStream> res = send(request, context, maxTokens);
        if (res.statusCode() != 200) {
            throw EngineCalls.refusal(json, completions, res);
        }
        return new CompletionStream(res.body(), json, maxTokens, maxTokens < wanted, completions.toString());
    }

    private HttpResponse<InputStream> send(PreprocessedRequest request, RequestContext context, int maxTokens) {
        ObjectNode body = CompletionBody.of(json, config.model(), request, maxTokens);
        Object kv = request.disaggregatedParams().get(KV_TRANSFER_PARAMS);
        if (kv instanceof String text) {
            body.set(KV_TRANSFER_PARAMS, CompletionBody.parse(json, text)); // the decode leg pulls the prefill's KV
        }
        return EngineCalls.post(
                client, completions, config.apiKey(), context.id(), CompletionBody.bytes(json, body), true);
    }

    @Override
    public void close() {
        client.close();
    }
}
