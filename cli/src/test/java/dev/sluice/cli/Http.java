package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** A started embedded deployment and a real HTTP client for it, with the SSE and clean-up checks tests share. */
class Http implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final EmbeddedDeployment deployment;
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    Http(String... args) {
        ServeCommand options = new ServeCommand();
        // Tests count on max_tokens being reached unless they ask for the workers' EOS (--natural-output-mean).
        List<String> all = new ArrayList<>(
                List.of("--http-host", "127.0.0.1", "--http-port", "0", "--model-name", "Qwen/Qwen3-0.6B"));
        if (!List.of(args).contains("--natural-output-mean")) {
            all.addAll(List.of("--natural-output-mean", "0"));
        }
        if (!List.of(args).contains("--model-path")) {
            all.addAll(List.of("--model-path", TestModel.directory().toString()));
        }
        all.addAll(List.of(args));
        new CommandLine(options).parseArgs(all.toArray(String[]::new));
        deployment = EmbeddedDeployment.start(options);
        base = "http://127.0.0.1:" + deployment.port();
    }

    /** A request with a JSON body ({@code null} for none), answered whole. */
    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    JsonNode postJson(String path, String body) throws Exception {
        return JSON.readTree(post(path, body).body());
    }

    /** A POST whose answer is read as it arrives (a stream the test may leave early). */
    HttpResponse<InputStream> postStreaming(String path, String body) throws Exception {
        return client.send(request("POST", path, body), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The JSON of every {@code data:} event of a whole SSE body but the closing {@code [DONE]}. */
    static List<JsonNode> events(String sse) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                out.add(JSON.readTree(line.substring(6)));
            }
        }
        return out;
    }

    /**
     * Reads {@code count} {@code data:} events of a stream, runs {@code whileConnected}, then closes the stream: the
     * client goes away mid-stream.
     */
    static void readEventsThenLeave(InputStream stream, int count, Runnable whileConnected) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (int events = 0; events < count; ) {
                String line = reader.readLine();
                assertThat(line)
                        .as("the stream ended after %d of %d events", events, count)
                        .isNotNull();
                if (line.startsWith("data: ")) {
                    events++;
                }
            }
            whileConnected.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to 20 s for every simulated worker to hold no KV blocks, and fails if one still does. */
    void assertAllBlocksFreed() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (deployment.workers().stream().anyMatch(w -> w.usedBlocks() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(deployment.workers()).allSatisfy(w -> assertThat(w.usedBlocks())
                .as("blocks of worker %d", w.instanceId())
                .isZero());
    }

    @Override
    public void close() {
        deployment.close();
    }
}
