package dev.sluice.cli;

import dev.sluice.bench.BenchRunner;
import dev.sluice.bench.Endpoint;
import dev.sluice.bench.PromptBuilder;
import dev.sluice.bench.Report;
import dev.sluice.bench.ReportWriter;
import dev.sluice.bench.RequestBodies;
import dev.sluice.bench.TextPrompts;
import dev.sluice.bench.TraceRequest;
import dev.sluice.tokenizer.Tokenizers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
            "and report TTFT, ITL, token gaps, end-to-end latency, throughput, goodput and prefix hits by input",
            "length, all measured from each request's scheduled send time, with a self-check of the client."
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
            names = "--duration",
            description = "Stop sending after this many seconds: a synthetic run then lasts this long at --rate"
                    + " (--num-requests is ignored); a trace replay sends only what is due by then.")
    Optional<Double> durationSeconds;

    @Option(
            names = "--warmup",
            defaultValue = "0",
            description = "Send the first N requests but leave them out of the report (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--endpoint",
            defaultValue = "completions",
            description = "completions: /v1/completions with token-id prompts (Sluice, vLLM); chat:"
                    + " /v1/chat/completions with text prompts of the same lengths, rendered with --tokenizer,"
                    + " for servers that take text only (default: ${DEFAULT-VALUE}).")
    Endpoint endpoint;

    @Option(
            names = "--tokenizer",
            description = "With --endpoint chat: a Hugging Face model directory whose tokenizer.json renders the"
                    + " text prompts (default: $SLUICE_DEFAULT_MODEL when set).")
    Optional<Path> tokenizer;

    @Option(
            names = "--client",
            defaultValue = "netty",
            description = "HTTP client: netty, or jdk, the java.net.http client of earlier versions, kept"
                    + " to compare against (default: ${DEFAULT-VALUE}).")
    BenchRunner.Client client;

    @Option(
            names = "--max-concurrency",
            defaultValue = "1024",
            description = "Requests in flight at most; a request due when none is free waits for one, and the wait"
                    + " counts in its latency and send lag (default: ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            description = "Per-request timeout in seconds: a response not complete by then is closed and counted"
                    + " as an error (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    ReportOptions reporting = new ReportOptions();

    @Override
    public Integer call() throws Exception {
        durationSeconds.ifPresent(d -> {
            if (!(d > 0)) {
                throw new IllegalArgumentException("--duration " + d + " must be positive");
            }
        });
        List<TraceRequest> requests = workload.requests(seed, durationSeconds);
        BenchRunner.Options options = new BenchRunner.Options(
                URI.create(url),
                endpoint,
                client,
                workload.timeScale,
                maxConcurrency,
                Duration.ofSeconds(timeoutSeconds),
                warmup);
        List<byte[]> bodies = bodies(requests);
        System.err.printf(
                "sluice bench: %d requests (%d warm-up) to %s with the %s client%n",
                requests.size(),
                warmup,
                options.endpointUri(),
                options.client().name().toLowerCase(Locale.ROOT));
        BenchRunner.Run run = new BenchRunner(options, System.err).run(requests, bodies);
        Report r = Report.of(
                run.results(), run.durationSeconds(), new Report.Slo(reporting.sloTtft, reporting.sloItl), run.usage());
        System.out.print(r.table());
        if (!r.selfCheck().keptUp()) {
            System.err.println("sluice bench: WARNING: " + r.selfCheck().verdict());
        }
        if (reporting.report.isPresent()) {
            ReportWriter.write(reporting.report.get(), "sluice bench report", r, run.results(), settings(requests));
            System.err.println("sluice bench: report written to " + reporting.report.get());
        }
        return r.buckets().get("all").errors() == 0 ? 0 : 1;
    }

    private List<byte[]> bodies(List<TraceRequest> requests) {
        int[] tokens = workload.tokens();
        return switch (endpoint) {
            case COMPLETIONS -> RequestBodies.completions(requests, new PromptBuilder(tokens[0], tokens[1]), model);
            case CHAT -> {
                Path dir = tokenizer
                        .or(() -> Optional.ofNullable(System.getenv("SLUICE_DEFAULT_MODEL"))
                                .map(Path::of))
                        .orElseThrow(() -> new IllegalArgumentException(
                                "--endpoint chat needs --tokenizer DIR (a model directory with tokenizer.json)"));
                yield RequestBodies.chat(requests, new TextPrompts(Tokenizers.load(dir)), model);
            }
        };
    }

    private Map<String, Object> settings(List<TraceRequest> requests) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url);
        settings.put("endpoint", endpoint.path());
        settings.put("model", model);
        settings.put("client", client.name().toLowerCase(Locale.ROOT));
        settings.put("workload", workload.describe());
        settings.put("requests", requests.size());
        settings.put("warmup", warmup);
        settings.put("time_scale", workload.timeScale);
        settings.put("max_concurrency", maxConcurrency);
        return settings;
    }
}
