package dev.sluice.openaihttp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.StreamBrokenException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One POST to the engine server: the JSON body, the API key if any, and {@code X-Request-Id} (the request's id, the
 * same on the prefill and the decode leg, as vLLM's disaggregated serving expects). An engine that cannot be reached
 * breaks the stream (the request migrates); an answer other than 200 becomes {@link #refusal}.
 */
final class EngineCalls {
    private static final int ERROR_BODY_LIMIT = 2048;

    private EngineCalls() {}

    static HttpResponse<InputStream> post(
            HttpClient client, URI uri, Optional<String> apiKey, String requestId, byte[] body, boolean stream) {
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("X-Request-Id", requestId);
        apiKey.ifPresent(key -> http.header("Authorization", "Bearer " + key));
        try {
            return client.send(
                    http.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new StreamBrokenException("the engine at " + uri + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamBrokenException("interrupted while calling the engine at " + uri, e);
        }
    }

    /** A 4xx is the request's fault and goes back to the client; anything else is the worker's, and migrates. */
    static SluiceException refusal(ObjectMapper json, URI uri, HttpResponse<InputStream> res) {
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
        String what = "the engine at " + uri + " answered " + res.statusCode() + ": " + message;
        int status = res.statusCode();
        return status >= 400 && status < 500 && status != 408 && status != 429
                ? new SluiceException(ErrorCode.INVALID_REQUEST, what)
                : new StreamBrokenException(what);
    }
}
