package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine;

/** A started embedded deployment and a real HTTP client for it. */
class Http implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final EmbeddedDeployment deployment;
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    Http(String... args) {
        ServeCommand options = new ServeCommand();
        java.util.List<String> all = new java.util.ArrayList<>(
                java.util.List.of("--http-host", "127.0.0.1", "--http-port", "0", "--model-name", "Qwen/Qwen3-0.6B"));
        if (!java.util.List.of(args).contains("--model-path")) {
            all.addAll(java.util.List.of("--model-path", TestModel.directory().toString()));
        }
        all.addAll(java.util.List.of(args));
        new CommandLine(options).parseArgs(all.toArray(String[]::new));
        deployment = EmbeddedDeployment.start(options);
        base = "http://127.0.0.1:" + deployment.port();
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode postJson(String path, String body) throws Exception {
        return JSON.readTree(post(path, body).body());
    }

    @Override
    public void close() {
        deployment.close();
    }
}
