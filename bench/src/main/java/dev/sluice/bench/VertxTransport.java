package dev.sluice.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A candidate client measured for issue 15: Vert.x core's HTTP client on one event loop (Netty underneath), the
 * response body handed over buffer by buffer to the same SSE parser, one clock read per buffer.
 */
final class VertxTransport implements Transport {
    private static final int MAX_ERROR_BODY = 4096;

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final RequestOptions target;
    private final Duration timeout;

    VertxTransport(URI endpoint, Duration requestTimeout, int maxConnections) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5000),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
        this.target = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(endpoint.getHost())
                .setPort(endpoint.getPort())
                .setURI(endpoint.getRawPath())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "text/event-stream");
        this.timeout = requestTimeout;
    }

    @Override
    public void send(Exchange ex) {
        SseParser sse = new SseParser(ex::event);
        ByteArrayOutputStream errorBody = new ByteArrayOutputStream();
        long timer = vertx.setTimer(
                timeout.toMillis(),
                id -> ex.fail(0, "no complete response within " + timeout.toSeconds() + " s", System.nanoTime()));
        ex.sent(System.nanoTime());
        http.request(new RequestOptions(target))
                .compose(req -> req.send(Buffer.buffer(ex.body)))
                .onFailure(t -> {
                    vertx.cancelTimer(timer);
                    ex.fail(0, StreamHandler.describe(t), System.nanoTime());
                })
                .onSuccess(res -> {
                    res.handler(buf -> {
                        long now = System.nanoTime();
                        byte[] b = buf.getBytes();
                        if (res.statusCode() == 200) {
                            sse.feed(b, 0, b.length, now);
                        } else if (errorBody.size() < MAX_ERROR_BODY) {
                            errorBody.write(b, 0, Math.min(b.length, MAX_ERROR_BODY - errorBody.size()));
                        }
                    });
                    res.exceptionHandler(t -> {
                        vertx.cancelTimer(timer);
                        ex.fail(0, StreamHandler.describe(t), System.nanoTime());
                    });
                    res.endHandler(v -> {
                        vertx.cancelTimer(timer);
                        long now = System.nanoTime();
                        if (res.statusCode() == 200) {
                            ex.complete(now);
                        } else {
                            byte[] body = errorBody.toByteArray();
                            ex.fail(
                                    res.statusCode(),
                                    ChunkReader.errorBody(body, body.length)
                                            .orElse(new String(body, StandardCharsets.UTF_8)),
                                    now);
                        }
                    });
                });
    }

    @Override
    public void close() {
        http.close().await();
        vertx.close().await();
    }
}
