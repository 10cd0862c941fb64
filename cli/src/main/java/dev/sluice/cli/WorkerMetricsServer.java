package dev.sluice.cli;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.openaihttp.kvevents.KvEventCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A worker's own Prometheus {@code GET /metrics}: the counters of the engine's KV event stream. */
final class WorkerMetricsServer implements AutoCloseable {
    private final HttpServer server;

    private WorkerMetricsServer(HttpServer server) {
        this.server = server;
    }

    static WorkerMetricsServer start(int port, KvEventCounters counters) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("--metrics-port " + port + " cannot be bound: " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                byte[] body = counters.prometheus().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        System.out.println(
                "Worker metrics at http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
        return new WorkerMetricsServer(server);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
