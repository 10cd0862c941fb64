package dev.sluice.cli;

import dev.sluice.bench.BenchRunner;
import dev.sluice.bench.PromptBuilder;
import dev.sluice.bench.Report;
import dev.sluice.bench.ReportWriter;
import dev.sluice.bench.TraceRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice bench}: replay a trace or a synthetic workload against any OpenAI-compatible server and report. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Replay a Mooncake trace (--trace) or a synthetic workload against an OpenAI-compatible server",
            "and report TTFT, ITL, end-to-end latency, throughput, goodput and prefix hits by input length."
        })
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "Base URL of the server, e.g. http://127.0.0.1:8000.")
    String url;

    @Option(
            names = "--model",
            defaultValue = "Qwen/Qwen3-0.6B",
            description = "Model name to send (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the synthetic workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--max-concurrency",
            defaultValue = "1024",
            description = "Requests in flight at most; more are sent late and counted (default: ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            description = "Per-request timeout in seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    ReportOptions reporting = new ReportOptions();

    @Override
    public Integer call() throws Exception {
        List<TraceRequest> requests = workload.requests(seed);
        int[] tokens = workload.tokens();
        System.err.printf("sluice bench: %d requests against %s%n", requests.size(), url);
        BenchRunner runner = new BenchRunner(
                url,
                model,
                new PromptBuilder(tokens[0], tokens[1]),
                workload.timeScale,
                maxConcurrency,
                Duration.ofSeconds(timeoutSeconds),
                System.err);
        BenchRunner.Run run = runner.run(requests);
        Report r = Report.of(run, reporting.sloTtft, reporting.sloItl);
        System.out.print(r.table());
        if (reporting.report.isPresent()) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("url", url);
            settings.put("model", model);
            settings.put("workload", workload.describe());
            settings.put("requests", requests.size());
            settings.put("time_scale", workload.timeScale);
            ReportWriter.write(reporting.report.get(), r, run, settings);
            System.err.println("sluice bench: report written to " + reporting.report.get());
        }
        return r.buckets().get("all").errors() == 0 ? 0 : 1;
    }
}
