package dev.sluice.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of a run, overall and by input-length bucket, computed from per-request results alone (so a simulator
 * and {@code sluice bench} report alike): TTFT, ITL, token gaps and end-to-end latency in HdrHistograms, throughput,
 * goodput under the SLOs, prefix-cache hits, migrations, errors by status and message, and the client's self-check.
 * {@link #DEFINITIONS} states what each figure means; every report prints it.
 */
public record Report(
        double durationSeconds,
        Slo slo,
        SelfCheck selfCheck,
        Map<String, Bucket> buckets,
        List<ErrorCount> errors,
        Map<Long, Long> requestsPerWorker) {

    /** Goodput thresholds: a request is good when its TTFT and its ITL are both at most these. */
    public record Slo(double ttftMillis, double itlMillis) {}

    /** One input-length bucket (or "all"). Latencies in milliseconds, throughputs per second of the run. */
    public record Bucket(
            int requests,
            int errors,
            Stats ttftMillis,
            Stats itlMillis,
            Stats gapMillis,
            Stats e2eMillis,
            Stats tokensPerSecondPerUser,
            double requestsPerSecond,
            double outputTokensPerSecond,
            double goodputPerSecond,
            double sloAttainment,
            double prefixHitRate,
            int migrations) {}

    /** Failed requests with one status and message. */
    public record ErrorCount(int status, String message, long count) {}

    public static final String DEFINITIONS = """
            - Every latency is measured from the request's scheduled send time, not from when it was sent, so a \
            client or a concurrency limit that sends late cannot hide waiting (no coordinated omission). Send lag \
            (scheduled to the client starting to send: taking a connection or opening one) is reported separately.
            - TTFT: from scheduled send to the first streamed event that carries output text.
            - E2E: from scheduled send to the end of the response stream.
            - ITL: per request, (E2E - TTFT) / (output tokens - 1), as AIPerf and vLLM (TPOT) define it; \
            requests with one output token have none. Percentiles are over requests.
            - Token gap: every interval between consecutive text events as the client received them; percentiles \
            are over gaps. Events that arrive in one network read share a timestamp, so bursts show as gaps near 0.
            - Output tokens/s per user: 1 / ITL of each request (AIPerf); overall output tokens/s: all output \
            tokens of successful requests / run duration.
            - Goodput: successful requests per second whose TTFT and ITL both meet the SLOs. SLO attainment: the             share of all requests (failed ones included) that met both.
            - Duration: from the first measured request's scheduled send to the end of the last one. Warm-up \
            requests are excluded from every figure.
            - Percentiles come from HdrHistograms with 3 significant digits.
            """;

    static final int[] BUCKET_EDGES = {8192, 32768};
    static final List<String> BUCKETS = List.of("<8k", "8k-32k", ">=32k");

    static String bucketOf(int inputLength) {
        if (inputLength < BUCKET_EDGES[0]) {
            return BUCKETS.get(0);
        }
        return inputLength < BUCKET_EDGES[1] ? BUCKETS.get(1) : BUCKETS.get(2);
    }

    /**
     * The report of {@code results} (warm-up already excluded) over a run of {@code durationSeconds}, with the
     * client's resource use for the self-check.
     */
    public static Report of(List<RequestResult> results, double durationSeconds, Slo slo, ClientUsage client) {
        if (!(durationSeconds > 0)) {
            throw new IllegalArgumentException("duration " + durationSeconds + " s must be positive");
        }
        Map<String, List<RequestResult>> groups = new LinkedHashMap<>();
        groups.put("all", results);
        for (String b : BUCKETS) {
            List<RequestResult> in = results.stream()
                    .filter(r -> bucketOf(r.inputLength()).equals(b))
                    .toList();
            if (!in.isEmpty()) {
                groups.put(b, in);
            }
        }
        Map<String, Bucket> buckets = new LinkedHashMap<>();
        groups.forEach((name, rs) -> buckets.put(name, Buckets.of(rs, durationSeconds, slo)));
        Map<Long, Long> perWorker = new TreeMap<>();
        results.forEach(r -> r.workers().forEach(w -> perWorker.merge(w, 1L, Long::sum)));
        return new Report(
                durationSeconds,
                slo,
                SelfCheck.of(results, durationSeconds, client),
                buckets,
                errors(results),
                perWorker);
    }

    /** The duration of a run as reports use it: first scheduled send to last end, in seconds (at least 1 ns). */
    public static double durationSeconds(List<RequestResult> results) {
        long first =
                results.stream().mapToLong(RequestResult::scheduledNanos).min().orElse(0);
        long last = results.stream()
                .mapToLong(r -> r.scheduledNanos() + r.endNanos())
                .max()
                .orElse(1);
        return Math.max(1, last - first) / 1e9;
    }

    static List<ErrorCount> errors(List<RequestResult> results) {
        Map<RequestResult.Failure, Long> counts = new LinkedHashMap<>();
        results.forEach(r -> r.failure().ifPresent(f -> counts.merge(f, 1L, Long::sum)));
        List<ErrorCount> out = new ArrayList<>();
        counts.forEach((f, n) -> out.add(new ErrorCount(f.status(), f.message(), n)));
        out.sort(Comparator.comparingLong(ErrorCount::count).reversed());
        return List.copyOf(out);
    }

    /** The report as Markdown: a warning first when the client did not keep up, then tables and definitions. */
    public String table() {
        return ReportTable.render(this);
    }
}
