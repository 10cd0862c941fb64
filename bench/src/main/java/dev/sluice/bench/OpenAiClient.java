package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Sends one streaming {@code /v1/completions} request with a token-id prompt and measures it as it arrives: time to
 * the first text, every gap between text chunks, the total, and the usage and Sluice annotations of the last chunk.
 */
final class OpenAiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI completions;
    private final String model;
    private final Duration timeout;

    OpenAiClient(HttpClient http, String baseUrl, String model, Duration timeout) {
        this.http = http;
        this.completions = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/completions");
        this.model = model;
        this.timeout = timeout;
    }

    RequestResult send(int[] prompt, int maxTokens, long sentAt) {
        long start = System.nanoTime();
        try {
            HttpResponse<Stream<String>> res = http.send(
                    HttpRequest.newBuilder(completions)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body(prompt, maxTokens)))
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (res.statusCode() != 200) {
                String text = String.join("\n", res.body().toList());
                return RequestResult.failed(
                        sentAt, prompt.length, ms(start), "HTTP " + res.statusCode() + ": " + abbreviate(text));
            }
            return read(res.body(), start, sentAt, prompt.length);
        } catch (IOException e) {
            return RequestResult.failed(
                    sentAt, prompt.length, ms(start), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RequestResult.failed(sentAt, prompt.length, ms(start), "interrupted");
        }
    }

    private RequestResult read(Stream<String> lines, long start, long sentAt, int inputLength) throws IOException {
        double ttft = Double.NaN;
        long last = 0;
        List<Double> itl = new ArrayList<>();
        int out = 0;
        int cached = 0;
        int migrations = 0;
        List<Integer> tiers = new ArrayList<>();
        List<Long> workers = new ArrayList<>();
        Optional<String> error = Optional.empty();
        for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
            String line = it.next();
            if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
                continue;
            }
            JsonNode chunk = JSON.readTree(line.substring(6));
            long now = System.nanoTime();
            if (chunk.has("error")) {
                error = Optional.of(chunk.path("error").path("message").asText());
            }
            JsonNode choice = chunk.path("choices").path(0);
            if (!choice.path("text").asText("").isEmpty()) {
                if (Double.isNaN(ttft)) {
                    ttft = (now - start) / 1e6;
                } else {
                    itl.add((now - last) / 1e6);
                }
                last = now;
            }
            if (chunk.has("usage") && !chunk.path("usage").isNull()) {
                out = chunk.path("usage").path("completion_tokens").asInt();
                cached = chunk.path("usage")
                        .path("prompt_tokens_details")
                        .path("cached_tokens")
                        .asInt();
            }
            if (chunk.has("sluice")) {
                migrations = chunk.path("sluice").path("migrations").size();
                chunk.path("sluice").path("tier").forEach(t -> tiers.add(t.asInt()));
                chunk.path("sluice").path("worker").forEach(w -> workers.add(w.asLong()));
            }
        }
        return new RequestResult(
                sentAt, inputLength, out, cached, ttft, itl, ms(start), migrations, tiers, workers, error);
    }

    private String body(int[] prompt, int maxTokens) {
        StringBuilder sb = new StringBuilder(prompt.length * 7 + 256);
        sb.append("{\"model\":").append(JSON.valueToTree(model).toString()).append(",\"prompt\":[");
        for (int i = 0; i < prompt.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(prompt[i]);
        }
        return sb.append("],\"max_tokens\":")
                .append(maxTokens)
                .append(",\"ignore_eos\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true},")
                .append("\"sluice\":{\"annotations\":[\"tier\",\"worker\",\"migrations\"]}}")
                .toString();
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
