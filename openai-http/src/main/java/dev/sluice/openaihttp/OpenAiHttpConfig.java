package dev.sluice.openaihttp;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the engine server is and what it serves: its base URL (the part before {@code /v1}), the model name it serves
 * under, the longest sequence this worker may hold ({@code this_seqlen}; start the engine with at least this
 * {@code max_model_len}), an optional API key, and how long to wait for a connection.
 */
public record OpenAiHttpConfig(
        URI baseUrl, String model, int thisSeqlen, Optional<String> apiKey, Duration connectTimeout) {
    public OpenAiHttpConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("engine-url " + baseUrl + " is not an http(s) URL with a host");
        }
        if (thisSeqlen <= 0) {
            throw new IllegalArgumentException("this-seqlen " + thisSeqlen + " must be positive");
        }
        if (!connectTimeout.isPositive()) {
            throw new IllegalArgumentException("connect timeout " + connectTimeout + " must be positive");
        }
    }

    /** The completions endpoint under the base URL, whether or not the URL ends with {@code /} or {@code /v1}. */
    URI completionsUri() {
        return URI.create(root() + "/v1/completions");
    }

    /** The engine's Prometheus metrics, beside {@code /v1}. */
    URI metricsUri() {
        return URI.create(root() + "/metrics");
    }

    private String root() {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
    }
}
