package dev.sluice.cli;

import dev.sluice.bench.BenchRunner;
import dev.sluice.bench.PromptBuilder;
import dev.sluice.bench.Report;
import dev.sluice.bench.ReportWriter;
import dev.sluice.bench.TraceRequest;
import dev.sluice.bench.Traces;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(
            names = "--trace",
            description = "Mooncake-format JSONL trace: timestamp (ms), input_length, output_length, hash_ids.")
    Optional<Path> trace;

    @Option(
            names = "--max-requests",
            defaultValue = "" + Integer.MAX_VALUE,
            description = "Send at most this many requests of the trace.")
    int maxRequests;

    @Option(
            names = "--time-scale",
            defaultValue = "1.0",
            description = "Multiply trace timestamps by this (0.5 = twice as fast) (default: ${DEFAULT-VALUE}).")
    double timeScale;

    @Option(
            names = "--num-requests",
            defaultValue = "200",
            description = "Synthetic: number of requests (default: ${DEFAULT-VALUE}).")
    int numRequests;

    @Option(
            names = "--rate",
            defaultValue = "10",
            description = "Synthetic: Poisson arrival rate, requests/s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--input-len",
            defaultValue = "1024:4096",
            description = "Synthetic: input length range MIN:MAX tokens (default: ${DEFAULT-VALUE}).")
    String inputLen;

    @Option(
            names = "--output-len",
            defaultValue = "64:256",
            description = "Synthetic: output length range MIN:MAX tokens (default: ${DEFAULT-VALUE}).")
    String outputLen;

    @Option(
            names = "--shared-prefix",
            defaultValue = "0.5",
            description =
                    "Synthetic: fraction of each prompt that is a prefix shared by all requests (default: ${DEFAULT-VALUE}).")
    double sharedPrefix;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the synthetic workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--token-range",
            defaultValue = "1000:100000",
            description = "Token ids prompts are drawn from, LOW:HIGH (default: ${DEFAULT-VALUE}).")
    String tokenRange;

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

    @Option(
            names = "--slo-ttft",
            defaultValue = "2000",
            description = "Goodput SLO on time to first token, ms (default: ${DEFAULT-VALUE}).")
    double sloTtft;

    @Option(
            names = "--slo-itl",
            defaultValue = "100",
            description = "Goodput SLO on mean inter-token latency, ms (default: ${DEFAULT-VALUE}).")
    double sloItl;

    @Option(names = "--report", description = "Directory for report.json, report.md and PNG plots.")
    Optional<Path> report;

    @Override
    public Integer call() throws Exception {
        List<TraceRequest> workload = workload();
        int[] tokens = range(tokenRange, "--token-range");
        System.err.printf("sluice bench: %d requests against %s%n", workload.size(), url);
        BenchRunner runner = new BenchRunner(
                url,
                model,
                new PromptBuilder(tokens[0], tokens[1]),
                timeScale,
                maxConcurrency,
                Duration.ofSeconds(timeoutSeconds),
                System.err);
        BenchRunner.Run run = runner.run(workload);
        Report r = Report.of(run, sloTtft, sloItl);
        System.out.print(r.table());
        if (report.isPresent()) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("url", url);
            settings.put("model", model);
            settings.put(
                    "workload",
                    trace.map(Path::toString)
                            .orElse("synthetic rate=" + rate + " input=" + inputLen + " output=" + outputLen
                                    + " shared-prefix=" + sharedPrefix));
            settings.put("requests", workload.size());
            settings.put("time_scale", timeScale);
            ReportWriter.write(report.get(), r, run, settings);
            System.err.println("sluice bench: report written to " + report.get());
        }
        return r.buckets().get("all").errors() == 0 ? 0 : 1;
    }

    private List<TraceRequest> workload() throws Exception {
        if (trace.isPresent()) {
            try (Reader in = Files.newBufferedReader(trace.get(), StandardCharsets.UTF_8)) {
                return Traces.parseMooncake(in, trace.get().toString(), maxRequests);
            }
        }
        int[] in = range(inputLen, "--input-len");
        int[] out = range(outputLen, "--output-len");
        return Traces.synthetic(numRequests, rate, in[0], in[1], out[0], out[1], sharedPrefix, seed);
    }

    static int[] range(String text, String flag) {
        String[] parts = text.split(":");
        try {
            int lo = Integer.parseInt(parts[0].strip());
            int hi = parts.length > 1 ? Integer.parseInt(parts[1].strip()) : lo;
            if (lo <= 0 || hi < lo) {
                throw new IllegalArgumentException(flag + " " + text + " must be MIN:MAX with 0 < MIN <= MAX");
            }
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + text + " is not MIN:MAX");
        }
    }
}
