package dev.sluice.openaihttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A prefill worker's engine: runs the prefill leg of a disaggregated request on a vLLM engine started with a KV
 * connector (NixlConnector): one non-streamed completion of one token with {@code kv_transfer_params} asking for a
 * remote decode, under the request's id as {@code X-Request-Id}. The {@code kv_transfer_params} the engine answers
 * with (where the decode engine pulls the KV from) become Sluice's disaggregated params, passed through unchanged as
 * JSON text; the decode worker adds them to its leg. An answer without them, like any failure, breaks the stream, and
 * the prefill router serves the request aggregated.
 */
public final class OpenAiHttpPrefillEngine implements Engine<PreprocessedRequest, EngineOutput>, AutoCloseable {
    private final OpenAiHttpConfig config;
    private final URI completions;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    public OpenAiHttpPrefillEngine(OpenAiHttpConfig config) {
        this.config = config;
        this.completions = config.completionsUri();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build();
    }

    @Override
    public ResponseStream<EngineOutput> generate(PreprocessedRequest request, RequestContext context) {
        byte[] body = CompletionBody.bytes(json, CompletionBody.prefillLeg(json, config.model(), request));
        HttpResponse<InputStream> res =
                EngineCalls.post(client, completions, config.apiKey(), context.id(), body, false);
        if (res.statusCode() != 200) {
            throw EngineCalls.refusal(json, completions, res);
        }
        JsonNode answer;
        try (InputStream in = res.body()) {
            answer = json.readTree(in);
        } catch (IOException e) {
            throw new StreamBrokenException(
                    "the engine at " + completions + " sent a prefill answer that is not JSON", e);
        }
        JsonNode kv = answer.path(OpenAiHttpEngine.KV_TRANSFER_PARAMS);
        if (!kv.isObject()) {
            throw new StreamBrokenException("the engine at " + completions + " answered a prefill leg without"
                    + " kv_transfer_params; start it with a KV connector, e.g. --kv-transfer-config"
                    + " '{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_both\"}'");
        }
        JsonNode ids = answer.path("choices").path(0).path("token_ids");
        int[] tokens = new int[ids.size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = ids.get(i).asInt();
        }
        EngineOutput out = EngineOutput.finished(FinishReason.LENGTH, tokens)
                .withDisaggregatedParams(Map.of(OpenAiHttpEngine.KV_TRANSFER_PARAMS, kv.toString()));
        JsonNode cached = answer.path("usage").path("prompt_tokens_details").path("cached_tokens");
        return ResponseStream.of(List.of(cached.isNumber() ? out.withCachedTokens(cached.asInt()) : out));
    }

    @Override
    public void close() {
        client.close();
    }
}
