package dev.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of a run, overall and by input-length bucket: TTFT, ITL and end-to-end percentiles, request and token
 * throughput, goodput under the SLOs (requests whose TTFT and mean ITL both meet them) and SLO attainment (the share of
 * all requests, failed ones included, that met both), prefix-cache hit rate, migrations and errors.
 */
public record Report(
        double wallSeconds,
        int late,
        double sloTtftMillis,
        double sloItlMillis,
        Map<String, Bucket> buckets,
        Map<Long, Long> requestsPerWorker) {

    /** One input-length bucket (or "all"). */
    public record Bucket(
            int requests,
            int errors,
            Stats ttftMillis,
            Stats itlMillis,
            Stats e2eMillis,
            double requestsPerSecond,
            double outputTokensPerSecond,
            double goodputPerSecond,
            double sloAttainment,
            double prefixHitRate,
            int migrations) {}

    static final int[] BUCKET_EDGES = {8192, 32768};

    static String bucketOf(int inputLength) {
        if (inputLength < BUCKET_EDGES[0]) {
            return "<8k";
        }
        return inputLength < BUCKET_EDGES[1] ? "8k-32k" : ">=32k";
    }

    public static Report of(BenchRunner.Run run, double sloTtftMillis, double sloItlMillis) {
        Map<String, List<RequestResult>> groups = new LinkedHashMap<>();
        groups.put("all", run.results());
        for (String b : List.of("<8k", "8k-32k", ">=32k")) {
            List<RequestResult> in = run.results().stream()
                    .filter(r -> bucketOf(r.inputLength()).equals(b))
                    .toList();
            if (!in.isEmpty()) {
                groups.put(b, in);
            }
        }
        Map<String, Bucket> buckets = new LinkedHashMap<>();
        groups.forEach((name, rs) -> buckets.put(name, bucket(rs, run.wallSeconds(), sloTtftMillis, sloItlMillis)));
        Map<Long, Long> perWorker = new java.util.TreeMap<>();
        run.results().forEach(r -> r.workers().forEach(w -> perWorker.merge(w, 1L, Long::sum)));
        return new Report(run.wallSeconds(), run.late(), sloTtftMillis, sloItlMillis, buckets, perWorker);
    }

    static Bucket bucket(List<RequestResult> rs, double wall, double sloTtft, double sloItl) {
        List<RequestResult> ok = rs.stream().filter(RequestResult::ok).toList();
        List<Double> itl = new ArrayList<>();
        ok.forEach(r -> itl.addAll(r.itlMillis()));
        long good = ok.stream()
                .filter(r -> r.ttftMillis() <= sloTtft && meanItl(r) <= sloItl)
                .count();
        long inputTokens = ok.stream().mapToLong(RequestResult::inputLength).sum();
        long cached = ok.stream().mapToLong(RequestResult::cachedTokens).sum();
        return new Bucket(
                rs.size(),
                rs.size() - ok.size(),
                Stats.of(ok.stream().map(RequestResult::ttftMillis).toList()),
                Stats.of(itl),
                Stats.of(ok.stream().map(RequestResult::e2eMillis).toList()),
                ok.size() / wall,
                ok.stream().mapToLong(RequestResult::outputTokens).sum() / wall,
                good / wall,
                rs.isEmpty() ? Double.NaN : (double) good / rs.size(),
                inputTokens == 0 ? 0 : (double) cached / inputTokens,
                ok.stream().mapToInt(RequestResult::migrations).sum());
    }

    static double meanItl(RequestResult r) {
        return r.itlMillis().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** A terminal (and Markdown) table. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "wall %.1f s, %d requests sent late (concurrency limit), SLO TTFT %.0f ms, ITL %.0f ms%n%n",
                wallSeconds, late, sloTtftMillis, sloItlMillis));
        sb.append(
                "| bucket | requests | errors | TTFT p50 | TTFT p90 | TTFT p99 | ITL p50 | ITL p90 | ITL p99 | E2E p50 | req/s | out tok/s | goodput/s | prefix hit | migrations |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        buckets.forEach((name, b) -> sb.append(String.format(
                "| %s | %d | %d | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.1f | %.2f | %.1f | %.2f | %.1f%% | %d |%n",
                name,
                b.requests(),
                b.errors(),
                b.ttftMillis().p50(),
                b.ttftMillis().p90(),
                b.ttftMillis().p99(),
                b.itlMillis().p50(),
                b.itlMillis().p90(),
                b.itlMillis().p99(),
                b.e2eMillis().p50(),
                b.requestsPerSecond(),
                b.outputTokensPerSecond(),
                b.goodputPerSecond(),
                100 * b.prefixHitRate(),
                b.migrations())));
        if (!requestsPerWorker.isEmpty()) {
            sb.append(String.format("%nsequence parts per worker (Sluice servers): %s%n", requestsPerWorker));
        }
        return sb.toString();
    }
}
