package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bench.BenchRunner;
import dev.sluice.bench.Endpoint;
import dev.sluice.bench.PromptBuilder;
import dev.sluice.bench.Report;
import dev.sluice.bench.ReportWriter;
import dev.sluice.bench.RequestBodies;
import dev.sluice.bench.TraceRequest;
import dev.sluice.bench.Traces;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A short synthetic replay through {@code sluice bench}'s runner against {@code sluice serve}, over real HTTP. */
@Timeout(120)
class BenchEndToEndTest {
    @Test
    void replaysAWorkloadAndReports(@TempDir Path dir) throws Exception {
        try (Http http = new Http(
                "--tier",
                "8192=1",
                "--tier",
                "32768=1",
                "--speedup-ratio",
                "1000",
                "--num-gpu-blocks",
                "4096",
                "--block-size",
                "16")) {
            List<TraceRequest> workload = Traces.synthetic(30, 100, 600, 9000, 4, 12, 0.5, 3);
            BenchRunner.Options options = new BenchRunner.Options(
                    URI.create(http.base),
                    Endpoint.COMPLETIONS,
                    BenchRunner.Client.NETTY,
                    1.0,
                    64,
                    Duration.ofSeconds(60),
                    5);
            List<byte[]> bodies =
                    RequestBodies.completions(workload, new PromptBuilder(1000, 100_000), "Qwen/Qwen3-0.6B");
            BenchRunner.Run run = new BenchRunner(options, new PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run(workload, bodies);
            Report report = Report.of(run.results(), run.durationSeconds(), new Report.Slo(2000, 100), run.usage());
            Report.Bucket all = report.buckets().get("all");
            assertThat(all.requests()).isEqualTo(25);
            assertThat(all.errors()).isZero();
            assertThat(all.ttftMillis().count()).isEqualTo(25);
            assertThat(report.selfCheck().cpuSeconds()).isPositive();
            assertThat(all.prefixHitRate()).isPositive();
            assertThat(run.results())
                    .allSatisfy(r -> assertThat(r.outputTokens()).isBetween(4, 12));
            assertThat(run.results()).anySatisfy(r -> assertThat(r.tiers()).containsExactly(8192));
            assertThat(run.results()).anySatisfy(r -> assertThat(r.tiers()).containsExactly(32768));
            ReportWriter.write(dir, "bench", report, run.results(), Map.of("test", true));
            assertThat(dir.resolve("report.json")).content().contains("\"ttftMillis\"");
            assertThat(Files.size(dir.resolve("ttft.png"))).isPositive();
            assertThat(dir.resolve("report.md")).content().contains("| all | 25 | 0 |");
        }
    }
}
