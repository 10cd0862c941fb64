package dev.sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The client {@code sluice bench} used before issue 15, kept as a baseline to measure against: {@code
 * java.net.http} with a virtual thread per request, the body read as lines ({@code BodyHandlers.ofLines}) and each
 * {@code data:} line turned into a String and parsed; the clock is read when a line reaches the reading thread.
 * (It shares the new streaming chunk parser, where it used to build a JSON tree per line.)
 */
final class JdkTransport implements Transport {
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;

    JdkTransport(URI endpoint, Duration requestTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(threads)
                .build();
        this.endpoint = endpoint;
        this.timeout = requestTimeout;
    }

    @Override
    public void send(Exchange exchange) {
        threads.execute(() -> exchange(exchange));
    }

    private void exchange(Exchange ex) {
        try {
            ex.sent(System.nanoTime());
            HttpResponse<Stream<String>> res = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(ex.body))
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (res.statusCode() != 200) {
                byte[] body = String.join("\n", res.body().toList()).getBytes(StandardCharsets.UTF_8);
                ex.fail(
                        res.statusCode(),
                        ChunkReader.errorBody(body, body.length).orElse(new String(body, StandardCharsets.UTF_8)),
                        System.nanoTime());
                return;
            }
            for (Iterator<String> it = res.body().iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("data: ")) {
                    byte[] data = line.substring(6).getBytes(StandardCharsets.UTF_8);
                    ex.event(data, data.length, System.nanoTime());
                }
            }
            ex.complete(System.nanoTime());
        } catch (java.net.http.HttpConnectTimeoutException e) {
            ex.fail(0, "cannot connect within 5 s", System.nanoTime());
        } catch (HttpTimeoutException e) {
            ex.fail(0, "no response headers within " + timeout.toSeconds() + " s", System.nanoTime());
        } catch (IOException | RuntimeException e) {
            ex.fail(0, StreamHandler.describe(e), System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.fail(0, "interrupted", System.nanoTime());
        }
    }

    @Override
    public void close() {
        http.close();
        threads.close();
    }
}
