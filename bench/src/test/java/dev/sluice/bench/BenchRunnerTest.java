package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runner and both clients against an in-process streaming server, over real HTTP on loopback. */
@Timeout(60)
class BenchRunnerTest {
    private static final long MS = 1_000_000;

    static BenchRunner.Run run(URI url, BenchRunner.Client client, int concurrency, Duration timeout, long... dueMs)
            throws InterruptedException {
        List<TraceRequest> workload = java.util.Arrays.stream(dueMs)
                .mapToObj(t -> new TraceRequest(t, 100, 3, new long[] {1}))
                .toList();
        BenchRunner.Options options =
                new BenchRunner.Options(url, Endpoint.COMPLETIONS, client, 1.0, concurrency, timeout, 0);
        return new BenchRunner(options, new PrintStream(OutputStream.nullOutputStream()))
                .run(workload, RequestBodies.completions(workload, new PromptBuilder(10, 1000), "m"));
    }

    @ParameterizedTest
    @EnumSource(BenchRunner.Client.class)
    void timesEveryTextEventAndReadsTheUsage(BenchRunner.Client client) throws Exception {
        try (FakeServer server = new FakeServer((ex, n) -> {
            OutputStream out = FakeServer.stream(ex);
            FakeServer.event(out, "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}");
            for (int i = 0; i < 3; i++) {
                Thread.sleep(50);
                FakeServer.text(out, "t" + i);
            }
            FakeServer.end(out, 3);
        })) {
            BenchRunner.Run run = run(server.url(), client, 8, Duration.ofSeconds(10), 0, 10);
            assertThat(run.results()).hasSize(2).allSatisfy(r -> {
                assertThat(r.ok()).isTrue();
                assertThat(r.outputTokens()).isEqualTo(3);
                assertThat(r.ttftNanos()).isGreaterThanOrEqualTo(50 * MS);
                assertThat(r.gapNanos()).hasSize(2);
                // the server writes the three texts 50 ms apart: they are stamped apart, not in one clump
                assertThat(r.chunkNanos()[2] - r.chunkNanos()[0]).isGreaterThanOrEqualTo(50 * MS);
                assertThat(r.endNanos()).isGreaterThanOrEqualTo(r.chunkNanos()[2]);
            });
            assertThat(run.usage().client()).isEqualTo(client.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Regression for issue 15: latency was timed from when a concurrency slot freed, hiding the wait. */
    @ParameterizedTest
    @EnumSource(BenchRunner.Client.class)
    void latencyCountsFromTheScheduledTimeWhenTheLimitHoldsRequestsBack(BenchRunner.Client client) throws Exception {
        try (FakeServer server = new FakeServer((ex, n) -> {
            OutputStream out = FakeServer.stream(ex);
            Thread.sleep(200);
            FakeServer.text(out, "a");
            FakeServer.end(out, 1);
        })) {
            BenchRunner.Run run = run(server.url(), client, 1, Duration.ofSeconds(10), 0, 0, 0);
            RequestResult third = run.results().get(2);
            assertThat(third.sendLagNanos()).isGreaterThanOrEqualTo(400 * MS);
            assertThat(third.ttftNanos()).isGreaterThanOrEqualTo(600 * MS);
            assertThat(run.usage().delayedByConcurrencyLimit()).isEqualTo(2);
            Report report = Report.of(run.results(), run.durationSeconds(), new Report.Slo(1000, 100), run.usage());
            assertThat(report.selfCheck().keptUp()).isFalse();
            assertThat(report.table())
                    .startsWith("> **WARNING: THE CLIENT DID NOT KEEP UP")
                    .contains("concurrency limit");
        }
    }

    @ParameterizedTest
    @EnumSource(BenchRunner.Client.class)
    void serverErrorsAreCountedByStatusAndMessage(BenchRunner.Client client) throws Exception {
        try (FakeServer server = new FakeServer((ex, n) -> {
            if (n % 2 == 1) {
                FakeServer.error(ex, 429, "too many requests");
                return;
            }
            OutputStream out = FakeServer.stream(ex);
            FakeServer.text(out, "a");
            FakeServer.end(out, 1);
        })) {
            BenchRunner.Run run = run(server.url(), client, 1, Duration.ofSeconds(10), 0, 20, 40, 60);
            Report report = Report.of(run.results(), run.durationSeconds(), new Report.Slo(1000, 100), run.usage());
            assertThat(report.errors()).containsExactly(new Report.ErrorCount(429, "too many requests", 2));
            assertThat(report.buckets().get("all").errors()).isEqualTo(2);
        }
    }

    @Test
    void aStalledStreamHitsTheRequestTimeoutAndTheRunEnds() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (FakeServer server = new FakeServer((ex, n) -> {
            OutputStream out = FakeServer.stream(ex);
            FakeServer.text(out, "a");
            if (n == 0) {
                FakeServer.end(out, 1);
                return;
            }
            // later requests stall until the test ends
            release.await(30, TimeUnit.SECONDS);
        })) {
            BenchRunner.Run run = run(server.url(), BenchRunner.Client.NETTY, 8, Duration.ofSeconds(3), 0, 50);
            assertThat(run.results().get(0).ok()).isTrue();
            assertThat(run.results().get(1).failure())
                    .contains(new RequestResult.Failure(0, "no complete response within 3 s"));
            assertThat(run.results().get(1).endNanos()).isGreaterThanOrEqualTo(3000 * MS);
        } finally {
            release.countDown();
        }
    }

    @Test
    void anUnreachableServerFailsAtOnceWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> run(url, BenchRunner.Client.NETTY, 8, Duration.ofSeconds(10), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot reach " + url + ": ConnectException: Connection refused");
    }
}
