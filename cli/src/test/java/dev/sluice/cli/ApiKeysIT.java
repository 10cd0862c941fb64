package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys on a real {@code sluice serve} process: 401 without a key or with a wrong one, 200 with a right one,
 * {@code /health} open, a key written to the keys file accepted without a restart, and no key (right, wrong or
 * from the file) in any line the process printed or logged.
 */
@Timeout(120)
class ApiKeysIT {
    private static final String FLAG_KEY = "sk-flag-3f9a1c27d0";
    private static final String FILE_KEY = "sk-file-8b2e64aa91";
    private static final String LATER_KEY = "sk-later-55c0d7e3b4";
    private static final String WRONG_KEY = "sk-wrong-a0b1c2d3e4";

    @TempDir
    Path dir;

    @Test
    void keysGuardV1OverHttpAndAreNeverLogged() throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "# clients\n" + FILE_KEY + "\n");
        try (Processes ps = new Processes();
                HttpClient http = HttpClient.newHttpClient()) {
            Processes.Child serve = ps.sluice(
                    "serve",
                    "--http-host",
                    "127.0.0.1",
                    "--http-port",
                    "0",
                    "--model-path",
                    TestModel.directory().toString(),
                    "--model-name",
                    "Qwen/Qwen3-0.6B",
                    "--api-key",
                    FLAG_KEY,
                    "--api-keys-file",
                    keys.toString());
            String line = serve.awaitLine("Sluice serving", Duration.ofSeconds(60));
            String base =
                    line.substring(line.indexOf("http://"), line.indexOf(" (")).strip();

            assertThat(complete(http, base, null).statusCode()).isEqualTo(401);
            assertThat(complete(http, base, WRONG_KEY).statusCode()).isEqualTo(401);
            assertThat(complete(http, base, FLAG_KEY).statusCode()).isEqualTo(200);
            assertThat(complete(http, base, FILE_KEY).statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/health").statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/live").statusCode()).isEqualTo(200);

            assertThat(complete(http, base, LATER_KEY).statusCode()).isEqualTo(401);
            Files.writeString(keys, FILE_KEY + "\n" + LATER_KEY + "\n");
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> complete(http, base, LATER_KEY).statusCode() == 200);

            String metrics = get(http, base + "/metrics").body();
            assertThat(metrics).contains("sluice_api_key_requests_total");
            List<String> printed = List.copyOf(serve.lines());
            assertThat(printed)
                    .as("no open-server warning with keys configured")
                    .noneMatch(l -> l.contains("no API key configured"));
            for (String key : List.of(FLAG_KEY, FILE_KEY, LATER_KEY, WRONG_KEY)) {
                assertThat(printed).noneMatch(l -> l.contains(key));
                assertThat(metrics).doesNotContain(key);
            }
            assertThat(printed).anyMatch(l -> l.contains("keys.txt changed: 3 keys accepted now"));
        }
    }

    @Test
    void aMissingKeysFileEndsTheProcessWithExitCode2NamingTheFlag() throws Exception {
        try (Processes ps = new Processes()) {
            Processes.Child serve = ps.sluice(
                    "serve",
                    "--http-port",
                    "0",
                    "--model-path",
                    TestModel.directory().toString(),
                    "--api-keys-file",
                    dir.resolve("absent.txt").toString());
            assertThat(serve.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            assertThat(serve.process().exitValue()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(serve.lines())
                    .anyMatch(l -> l.contains("--api-keys-file " + dir.resolve("absent.txt") + " does not exist")));
        }
    }

    private static HttpResponse<String> complete(HttpClient http, String base, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":\"Hello\",\"max_tokens\":3}"));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
