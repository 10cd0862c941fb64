package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.bench.BenchRunner;
import dev.sluice.bench.Endpoint;
import dev.sluice.bench.PromptBuilder;
import dev.sluice.bench.Report;
import dev.sluice.bench.RequestBodies;
import dev.sluice.bench.TraceRequest;
import dev.sluice.bench.Traces;
import dev.sluice.sim.Deployment;
import dev.sluice.sim.SimReport;
import dev.sluice.sim.Simulation;
import dev.sluice.sim.SimulationResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The simulator against the real thing: one small workload at low load through {@code sluice serve} (real HTTP, real
 * threads, workers in real time on the H100 profile) and {@code sluice bench}'s runner, and through
 * {@code sluice simulate} on its virtual clock. Their median TTFT and ITL agree within 15%.
 */
@Timeout(180)
class SimulationAgreementTest {
    static final String[] DEPLOYMENT = {
        "--tier",
        "16384=2",
        "--router",
        "kv",
        "--timing-profile",
        "h100-llama3.1-8b",
        "--block-size",
        "16",
        "--seed",
        "3"
    };

    @Test
    void liveAndSimulatedLatenciesAgreeAtLowLoad() throws Exception {
        List<TraceRequest> workload = Traces.synthetic(40, 3, 3000, 8000, 20, 60, 0.3, 9);
        Report live;
        try (Http http = new Http(SimulateCommandTest.concat(DEPLOYMENT, "--speedup-ratio", "1"))) {
            BenchRunner.Options options = new BenchRunner.Options(
                    URI.create(http.base),
                    Endpoint.COMPLETIONS,
                    BenchRunner.Client.NETTY,
                    1.0,
                    64,
                    Duration.ofSeconds(60),
                    0);
            List<byte[]> bodies =
                    RequestBodies.completions(workload, new PromptBuilder(1000, 100_000), "Qwen/Qwen3-0.6B");
            BenchRunner.Run run =
                    new BenchRunner(options, new PrintStream(OutputStream.nullOutputStream())).run(workload, bodies);
            live = Report.of(run.results(), run.durationSeconds(), new Report.Slo(2000, 100), run.usage());
            double lag = http.deployment.workers().stream()
                    .mapToDouble(w -> w.mocker().lagFraction())
                    .max()
                    .orElse(0);
            // A worker that could not keep its own clock measures the machine, not Sluice: then there is nothing
            // to compare (this shared machine can be that busy; CI runs alone).
            assumeTrue(lag < 0.05, String.format("live workers fell %.0f%% behind their clock", 100 * lag));
        }
        SimulateCommand.DeploymentSpec spec = new SimulateCommand.DeploymentSpec();
        new CommandLine(spec).parseArgs(DEPLOYMENT);
        Deployment d = SimDeployments.of("agreement", spec.deployment, workload);
        SimulationResult simulated = Simulation.run(
                d, workload, new Simulation.SimOptions(1.0, 1_000_000_000L, 1000, 100_000, false, Simulation.SILENT));
        Report sim = SimReport.summary(simulated, 2000, 100);

        Report.Bucket l = live.buckets().get("all");
        Report.Bucket s = sim.buckets().get("all");
        assertThat(l.errors()).isZero();
        assertThat(s.errors()).isZero();
        String both = "live " + l + "\nsimulated " + s;
        assertThat(s.ttftMillis().p50()).as(both).isCloseTo(l.ttftMillis().p50(), Percentage.withPercentage(15));
        assertThat(s.itlMillis().p50()).as(both).isCloseTo(l.itlMillis().p50(), Percentage.withPercentage(15));
    }
}
