package dev.sluice.cli;

import dev.sluice.bench.BenchRunner;
import dev.sluice.bench.Endpoint;
import dev.sluice.bench.PromptBuilder;
import dev.sluice.bench.Report;
import dev.sluice.bench.ReportWriter;
import dev.sluice.bench.RequestBodies;
import dev.sluice.bench.TextPrompts;
import dev.sluice.bench.TraceRequest;
import dev.sluice.bench.Traces;
import dev.sluice.tokenizer.Tokenizers;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
        BenchRunner.Options options = new BenchRunner.Options(
                URI.create(url),
                endpoint,
                client,
                timeScale,
                maxConcurrency,
                Duration.ofSeconds(timeoutSeconds),
                warmup);
        List<byte[]> bodies = bodies(workload);
        System.err.printf(
                "sluice bench: %d requests (%d warm-up) to %s with the %s client%n",
                workload.size(),
                warmup,
                options.endpointUri(),
                options.client().name().toLowerCase(Locale.ROOT));
        BenchRunner.Run run = new BenchRunner(options, System.err).run(workload, bodies);
        Report r = Report.of(run.results(), run.durationSeconds(), new Report.Slo(sloTtft, sloItl), run.usage());
        System.out.print(r.table());
        if (!r.selfCheck().keptUp()) {
            System.err.println("sluice bench: WARNING: " + r.selfCheck().verdict());
        }
        if (report.isPresent()) {
            ReportWriter.write(report.get(), "sluice bench report", r, run.results(), settings(workload));
            System.err.println("sluice bench: report written to " + report.get());
        }
        return r.buckets().get("all").errors() == 0 ? 0 : 1;
    }

    private List<byte[]> bodies(List<TraceRequest> workload) {
        int[] tokens = range(tokenRange, "--token-range");
        return switch (endpoint) {
            case COMPLETIONS -> RequestBodies.completions(workload, new PromptBuilder(tokens[0], tokens[1]), model);
            case CHAT -> {
                Path dir = tokenizer
                        .or(() -> Optional.ofNullable(System.getenv("SLUICE_DEFAULT_MODEL"))
                                .map(Path::of))
                        .orElseThrow(() -> new IllegalArgumentException(
                                "--endpoint chat needs --tokenizer DIR (a model directory with tokenizer.json)"));
                yield RequestBodies.chat(workload, new TextPrompts(Tokenizers.load(dir)), model);
            }
        };
    }

    private Map<String, Object> settings(List<TraceRequest> workload) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url);
        settings.put("endpoint", endpoint.path());
        settings.put("model", model);
        settings.put("client", client.name().toLowerCase(Locale.ROOT));
        settings.put(
                "workload",
                trace.map(Path::toString)
                        .orElse("synthetic rate=" + rate + " input=" + inputLen + " output=" + outputLen
                                + " shared-prefix=" + sharedPrefix));
        settings.put("requests", workload.size());
        settings.put("warmup", warmup);
        settings.put("time_scale", timeScale);
        settings.put("max_concurrency", maxConcurrency);
        return settings;
    }

    private List<TraceRequest> workload() throws Exception {
        durationSeconds.ifPresent(d -> {
            if (!(d > 0)) {
                throw new IllegalArgumentException("--duration " + d + " must be positive");
            }
        });
        List<TraceRequest> all;
        if (trace.isPresent()) {
            try (Reader in = Files.newBufferedReader(trace.get(), StandardCharsets.UTF_8)) {
                all = Traces.parseMooncake(in, trace.get().toString(), maxRequests);
            }
        } else {
            int[] in = range(inputLen, "--input-len");
            int[] out = range(outputLen, "--output-len");
            int count = durationSeconds
                    .map(d -> (int) Math.min(Integer.MAX_VALUE - 1, Math.ceil(rate * d * 1.5 + 100)))
                    .orElse(numRequests);
            all = Traces.synthetic(count, rate, in[0], in[1], out[0], out[1], sharedPrefix, seed);
        }
        if (durationSeconds.isEmpty()) {
            return all;
        }
        double lastMillis = durationSeconds.get() * 1000;
        return all.stream()
                .filter(r -> r.timestampMillis() * timeScale < lastMillis)
                .toList();
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
