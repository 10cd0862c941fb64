package dev.sluice.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A candidate client measured for issue 15: Jetty's asynchronous HttpClient, the response content handed over
 * buffer by buffer ({@code onResponseContent}) to the same SSE parser, one clock read per buffer. Each exchange is
 * driven from one Jetty thread at a time (content callbacks are serialised per response).
 */
final class JettyTransport implements Transport {
    private static final int MAX_ERROR_BODY = 4096;

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;

    JettyTransport(URI endpoint, Duration requestTimeout, int maxConnections) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("bench-jetty");
        threads.setDaemon(true);
        this.http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(maxConnections);
        http.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE / 2);
        http.setConnectTimeout(5000);
        http.setFollowRedirects(false);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Jetty client: " + e, e);
        }
        this.endpoint = endpoint;
        this.timeout = requestTimeout;
    }

    @Override
    public void send(Exchange ex) {
        SseParser sse = new SseParser(ex::event);
        ByteArrayOutputStream errorBody = new ByteArrayOutputStream();
        ex.sent(System.nanoTime());
        http.newRequest(endpoint)
                .method(HttpMethod.POST)
                .headers(h -> h.put("Accept", "text/event-stream"))
                .body(new BytesRequestContent("application/json", ex.body))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .onResponseContent((response, buffer) -> {
                    long now = System.nanoTime();
                    if (response.getStatus() == 200) {
                        feed(sse, buffer, now);
                    } else if (errorBody.size() < MAX_ERROR_BODY) {
                        byte[] b = new byte[Math.min(buffer.remaining(), MAX_ERROR_BODY - errorBody.size())];
                        buffer.get(b);
                        errorBody.writeBytes(b);
                    }
                })
                .send(result -> {
                    long now = System.nanoTime();
                    if (result.isFailed()) {
                        Throwable t = result.getFailure();
                        ex.fail(
                                0,
                                t instanceof java.util.concurrent.TimeoutException
                                        ? "no complete response within " + timeout.toSeconds() + " s"
                                        : StreamHandler.describe(t),
                                now);
                    } else if (result.getResponse().getStatus() == 200) {
                        ex.complete(now);
                    } else {
                        byte[] body = errorBody.toByteArray();
                        ex.fail(
                                result.getResponse().getStatus(),
                                ChunkReader.errorBody(body, body.length)
                                        .orElse(new String(body, StandardCharsets.UTF_8)),
                                now);
                    }
                });
    }

    private static void feed(SseParser sse, ByteBuffer buffer, long now) {
        if (buffer.hasArray()) {
            sse.feed(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), now);
        } else {
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            sse.feed(b, 0, b.length, now);
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the Jetty client: " + e, e);
        }
    }
}
