package dev.sluice.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** API keys over real HTTP: who gets in, what the refused see, the keys file read again, per-key limits. */
@Timeout(30)
class ApiKeysOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"scripted\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<HttpFrontend> servers = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        servers.forEach(HttpFrontend::close);
        http.close();
    }

    private String start(ApiKeyConfig keys) {
        HttpFrontend server = HttpFrontend.start(
                FrontendConfig.of("127.0.0.1", 0),
                new ScriptedModel(List.of("Hello", "!")),
                new FrontendMetrics(),
                keys);
        servers.add(server);
        return "http://127.0.0.1:" + server.port();
    }

    private static ApiKeyConfig keys(String... keys) {
        return new ApiKeyConfig(List.of(keys), Optional.empty(), false, List.of());
    }

    private HttpResponse<String> send(String base, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        method.equals("POST")
                                ? HttpRequest.BodyPublishers.ofString(CHAT)
                                : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat(String base, String... headers) throws Exception {
        return send(base, "POST", "/v1/chat/completions", headers);
    }

    private static void assertInvalidKey(HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(401);
        JsonNode error = JSON.readTree(res.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(res.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void noKeyAndAWrongKeyGet401AndTheRightKeyGets200() throws Exception {
        String base = start(keys("sk-right", "sk-other"));
        assertInvalidKey(chat(base));
        HttpResponse<String> wrong = chat(base, "Authorization", "Bearer sk-wrong");
        assertInvalidKey(wrong);
        assertThat(wrong.body()).doesNotContain("sk-wrong");
        HttpResponse<String> right = chat(base, "Authorization", "Bearer sk-right");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        assertThat(JSON.readTree(right.body()).at("/choices/0/message/content").asText())
                .isEqualTo("Hello!");
        assertThat(chat(base, "Authorization", "bearer   sk-other").statusCode())
                .as("the scheme in any case, spaces before the key")
                .isEqualTo(200);
        assertInvalidKey(send(base, "GET", "/v1/models"));
        assertThat(send(base, "GET", "/v1/models", "Authorization", "Bearer sk-right")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void anOpenServerServesWithoutAKeyAndWarnsOnceAtStart() throws Exception {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(HttpFrontend.class.getName());
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(handler);
        try {
            String base = start(ApiKeyConfig.open());
            assertThat(chat(base).statusCode()).isEqualTo(200);
            assertThat(chat(base).statusCode()).isEqualTo(200);
        } finally {
            log.removeHandler(handler);
        }
        assertThat(warnings).singleElement().asString().contains("no API key configured");
    }

    @Test
    void healthLiveAndMetricsStayOpenUnlessMetricsNeedAKey() throws Exception {
        String base = start(keys("sk-right"));
        assertThat(send(base, "GET", "/health").statusCode()).isEqualTo(200);
        assertThat(send(base, "GET", "/live").statusCode()).isEqualTo(200);
        assertThat(send(base, "GET", "/metrics").statusCode()).isEqualTo(200);

        String guarded = start(new ApiKeyConfig(List.of("sk-right"), Optional.empty(), true, List.of()));
        assertThat(send(guarded, "GET", "/health").statusCode()).isEqualTo(200);
        assertInvalidKey(send(guarded, "GET", "/metrics"));
        assertThat(send(guarded, "GET", "/metrics", "Authorization", "Bearer sk-right")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void malformedAuthorizationHeadersGet401NeverA500() throws Exception {
        String base = start(keys("sk-right"));
        for (String header : List.of("Basic c2stcmlnaHQ6", "Bearer", "Bearer ", "Bearer sk-right extra", "sk-right")) {
            assertInvalidKey(chat(base, "Authorization", header));
        }
        assertInvalidKey(chat(base, "Authorization", "Bearer sk-right", "Authorization", "Bearer sk-right"));
        String raw = rawRequest(base, "Authorization: Bearer sk-r\u00e9ght\u0001\r\n");
        assertThat(raw).startsWith("HTTP/1.1 4").doesNotStartWith("HTTP/1.1 5");
        assertThat(rawRequest(base, "Authorization: " + "x".repeat(6000) + "\r\n"))
                .startsWith("HTTP/1.1 4");
    }

    /** A request written byte by byte (Latin-1 header bytes a Java client refuses to send); the status line back. */
    private static String rawRequest(String base, String extraHeaders) throws Exception {
        URI uri = URI.create(base);
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n" + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return head;
        }
    }

    @Test
    void aKeyAddedToTheKeysFileWorksWithoutARestartAndARemovedOneStops() throws Exception {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, "sk-first\n");
        String base = start(new ApiKeyConfig(List.of(), Optional.of(file), false, List.of()));
        assertThat(chat(base, "Authorization", "Bearer sk-first").statusCode()).isEqualTo(200);
        assertInvalidKey(chat(base, "Authorization", "Bearer sk-second"));
        Files.writeString(file, "sk-second\n");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> chat(base, "Authorization", "Bearer sk-second").statusCode() == 200);
        assertInvalidKey(chat(base, "Authorization", "Bearer sk-first"));
    }

    @Test
    void metricsCountRequestsByKeyIdAndNeverShowAKey() throws Exception {
        String base = start(keys("sk-counted"));
        chat(base, "Authorization", "Bearer sk-counted");
        chat(base, "Authorization", "Bearer sk-counted");
        chat(base, "Authorization", "Bearer sk-nope");
        String metrics = send(base, "GET", "/metrics").body();
        assertThat(metrics)
                .contains(
                        "sluice_api_key_requests_total{key_id=\"" + KeyRing.id("sk-counted") + "\",status=\"200\"} 2.0")
                .contains("sluice_api_key_failures_total{reason=\"invalid\"} 1.0")
                .doesNotContain("sk-counted")
                .doesNotContain("sk-nope");
    }

    @Test
    void aKeyOverItsRequestLimitGets429WithRetryAfterWhileAnotherKeyGoesOn() throws Exception {
        String base = start(new ApiKeyConfig(
                List.of("sk-a", "sk-b"), Optional.empty(), false, List.of(KeyRateLimit.parse("2rpm"))));
        assertThat(chat(base, "Authorization", "Bearer sk-a").statusCode()).isEqualTo(200);
        assertThat(chat(base, "Authorization", "Bearer sk-a").statusCode()).isEqualTo(200);
        HttpResponse<String> limited = chat(base, "Authorization", "Bearer sk-a");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(limited.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 30L);
        assertThat(chat(base, "Authorization", "Bearer sk-b").statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyOverItsTokenLimitIsHeldAfterTheResponseThatUsedThem() throws Exception {
        String base =
                start(new ApiKeyConfig(List.of("sk-a"), Optional.empty(), false, List.of(KeyRateLimit.parse("5tpm"))));
        assertThat(chat(base, "Authorization", "Bearer sk-a").statusCode())
                .as("admitted with budget left")
                .isEqualTo(200);
        HttpResponse<String> limited = chat(base, "Authorization", "Bearer sk-a");
        assertThat(limited.statusCode())
                .as("the first response used more than 5 tokens (prompt and output)")
                .isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isGreaterThan(12);
    }
}
