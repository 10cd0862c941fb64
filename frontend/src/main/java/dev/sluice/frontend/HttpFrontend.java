package dev.sluice.frontend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.llm.ModelRegistry;
import dev.sluice.llm.ServedModel;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

/**
 * The OpenAI-compatible HTTP server, on Helidon SE's webserver: one virtual thread per request running plain blocking
 * code, which is the execution model the whole pipeline is written for.
 *
 * <pre>
 * POST /v1/chat/completions   POST /v1/completions   GET /v1/models   GET /health   GET /live   GET /metrics
 * </pre>
 *
 * <p>With API keys ({@link ApiKeyConfig}) a filter in front of the routes lets {@code /v1} requests through only
 * with a known key; {@code /health} and {@code /live} stay open.
 */
public final class HttpFrontend implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpFrontend.class.getName());
    private static final Set<String> KNOWN =
            Set.of("/v1/chat/completions", "/v1/completions", "/v1/models", "/health", "/live", "/metrics");

    private final WebServer server;
    private final FrontendMetrics metrics;

    private HttpFrontend(WebServer server, FrontendMetrics metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    /** Starts listening, open to anyone; {@link #port()} tells where (useful with port 0). */
    public static HttpFrontend start(FrontendConfig config, ModelRegistry models, FrontendMetrics metrics) {
        return start(config, models, metrics, ApiKeyConfig.open());
    }

    /**
     * Starts listening with {@code keys} guarding {@code /v1}; a keys file that cannot be read is an
     * {@link IllegalArgumentException} naming it.
     */
    public static HttpFrontend start(
            FrontendConfig config, ModelRegistry models, FrontendMetrics metrics, ApiKeyConfig keys) {
        ObjectMapper json = new ObjectMapper();
        Semaphore admission = new Semaphore(config.maxInFlight());
        Clock clock = Clock.systemUTC();
        Optional<AuthFilter> auth = authFilter(keys, metrics, json, clock);
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                .routing(r -> {
                    auth.ifPresent(r::addFilter);
                    routes(r, config, models, metrics, json, admission, clock);
                })
                .build()
                .start();
        return new HttpFrontend(server, metrics);
    }

    private static Optional<AuthFilter> authFilter(
            ApiKeyConfig keys, FrontendMetrics metrics, ObjectMapper json, Clock clock) {
        if (!keys.enabled()) {
            LOG.warning("no API key configured (--api-key, --api-keys-file): anyone who can reach this server can"
                    + " use /v1");
            return Optional.empty();
        }
        KeyRing ring = KeyRing.load(keys, clock);
        if (ring.size() == 0) {
            LOG.warning("the API keys file holds no key yet: every /v1 request is refused until one is added");
        }
        KeyRateLimiter limiter = new KeyRateLimiter(keys.rateLimits(), clock);
        return Optional.of(new AuthFilter(ring, limiter, keys.metricsRequireKey(), metrics, json));
    }

    private static void routes(
            HttpRouting.Builder r,
            FrontendConfig config,
            ModelRegistry models,
            FrontendMetrics metrics,
            ObjectMapper json,
            Semaphore admission,
            Clock clock) {
        r.post("/v1/chat/completions", new CompletionsHandler(true, models, metrics, json, config, admission, clock))
                .post("/v1/completions", new CompletionsHandler(false, models, metrics, json, config, admission, clock))
                .get("/v1/models", (req, res) -> json(res, json, 200, modelList(json, models, clock)))
                .get("/health", (req, res) -> health(res, json, models))
                .get(
                        "/live",
                        (req, res) ->
                                json(res, json, 200, json.createObjectNode().put("status", "live")))
                .get("/metrics", (req, res) -> metricsText(res, metrics))
                .any((req, res) -> notFound(req, res, json));
    }

    private static ObjectNode modelList(ObjectMapper json, ModelRegistry models, Clock clock) {
        ObjectNode root = json.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ServedModel m : models.models()) {
            data.addObject()
                    .put("id", m.card().name())
                    .put("object", "model")
                    .put("created", clock.instant().getEpochSecond())
                    .put("owned_by", "sluice")
                    .put("context_length", m.card().contextLength());
        }
        return root;
    }

    private static void health(ServerResponse res, ObjectMapper json, ModelRegistry models) {
        ObjectNode body = json.createObjectNode().put("status", "healthy");
        ArrayNode list = body.putArray("models");
        models.models().forEach(m -> list.add(m.card().name()));
        json(res, json, 200, body);
    }

    private static void metricsText(ServerResponse res, FrontendMetrics metrics) {
        res.header(HeaderNames.CONTENT_TYPE, metrics.contentType());
        try (OutputStream out = res.outputStream()) {
            metrics.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void notFound(ServerRequest req, ServerResponse res, ObjectMapper json) {
        String path = req.path().path();
        SluiceException e = KNOWN.contains(path)
                ? new SluiceException(
                        ErrorCode.METHOD_NOT_ALLOWED,
                        "method " + req.prologue().method().text() + " is not allowed on " + path)
                : new SluiceException(ErrorCode.NOT_FOUND, "no such endpoint: " + path);
        json(res, json, e.code().httpStatus(), ErrorBodies.body(json, e));
    }

    private static void json(ServerResponse res, ObjectMapper json, int status, Object body) {
        try {
            res.status(status);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.port();
    }

    public FrontendMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        server.stop();
    }
}
