package dev.sluice.openaihttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible engine server on loopback that answers {@code POST /v1/completions} as a test scripts it, and
 * records what it was sent.
 */
public final class FakeEngineServer implements AutoCloseable {
    /** Writes the answer to one request. */
    @FunctionalInterface
    public interface Script {
        void answer(JsonNode body, Reply reply) throws IOException;
    }

    /** The answer being written: a status with a JSON body, or server-sent events. */
    public static final class Reply {
        private final HttpExchange exchange;
        private OutputStream events;

        Reply(HttpExchange exchange) {
            this.exchange = exchange;
        }

        public void status(int code, String jsonBody) throws IOException {
            byte[] bytes = jsonBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        /** One {@code data:} event, flushed at once. */
        public void event(String data) throws IOException {
            if (events == null) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                events = exchange.getResponseBody();
            }
            events.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            events.flush();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final List<String> requestIds = new CopyOnWriteArrayList<>();
    /** What {@code GET /metrics} answers (Prometheus text); a 404 while null. */
    public volatile String metrics;

    private final HttpServer server;

    public FakeEngineServer(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/completions", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                bodies.add(body);
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                requestIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-Id")));
                script.answer(body, new Reply(exchange));
            } catch (IOException clientGone) {
                // the engine adapter closed the connection
            }
        });
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                String text = metrics;
                byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(text == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A streamed chunk with these token ids and, if not null, a finish reason. */
    public static String chunk(String finishReason, int... ids) {
        StringBuilder list = new StringBuilder();
        for (int id : ids) {
            list.append(list.isEmpty() ? "" : ",").append(id);
        }
        String finish = finishReason == null ? "null" : "\"" + finishReason + "\"";
        return "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"x\","
                + "\"token_ids\":[" + list + "],\"finish_reason\":" + finish + "}],\"usage\":null}";
    }

    public static String usage(int prompt, int completion, int cached) {
        return "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached
                + "}}}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
