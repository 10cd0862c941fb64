package dev.sluice.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-process OpenAI-style streaming server whose every answer a test scripts. */
final class FakeServer implements AutoCloseable {
    interface Script {
        void answer(HttpExchange exchange, int requestNumber) throws Exception;
    }

    final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    FakeServer(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                script.answer(ex, requests.getAndIncrement());
            } catch (Exception e) {
                // the client went away, or the test is over
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static OutputStream stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    static void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static void text(OutputStream out, String text) throws IOException {
        event(out, "{\"choices\":[{\"index\":0,\"text\":\"" + text + "\"}]}");
    }

    static void end(OutputStream out, int completionTokens) throws IOException {
        event(out, "{\"choices\":[],\"usage\":{\"completion_tokens\":" + completionTokens + "}}");
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        byte[] body = ("{\"error\":{\"message\":\"" + message + "\",\"type\":\"x\"}}").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
