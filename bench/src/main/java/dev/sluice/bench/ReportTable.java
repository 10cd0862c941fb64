package dev.sluice.bench;

import java.util.Map;

/** Renders a {@link Report} as Markdown (also printed on the terminal). */
final class ReportTable {
    private ReportTable() {}

    static String render(Report r) {
        StringBuilder sb = new StringBuilder();
        SelfCheck c = r.selfCheck();
        if (!c.keptUp()) {
            sb.append("> **WARNING: ").append(c.verdict()).append("**\n\n");
        }
        sb.append(String.format(
                "Self-check (%s client): %s. Client CPU %.2f s (%.0f%% of one core), %.1f ms per 1,000 output tokens;"
                        + " send lag p50 %.2f ms, p99 %.2f ms, max %.2f ms.%n%n",
                c.client(),
                c.keptUp() ? "kept up" : "did NOT keep up",
                c.cpuSeconds(),
                100 * c.cpuShareOfOneCore(),
                c.cpuMillisPerThousandTokens(),
                c.sendLagMillis().p50(),
                c.sendLagMillis().p99(),
                c.sendLagMillis().max()));
        sb.append(String.format(
                "Duration %.1f s; SLO TTFT %.0f ms, ITL %.0f ms.%n%n",
                r.durationSeconds(), r.slo().ttftMillis(), r.slo().itlMillis()));
        latencies(sb, r);
        throughput(sb, r);
        if (!r.errors().isEmpty()) {
            sb.append("\n| errors | HTTP status | message |\n|---:|---:|---|\n");
            r.errors()
                    .forEach(e -> sb.append(String.format(
                            "| %d | %s | %s |%n",
                            e.count(),
                            e.status() == 0 ? "none" : e.status(),
                            e.message().replace("|", "\\|"))));
        }
        if (!r.requestsPerWorker().isEmpty()) {
            sb.append(String.format(
                    "%nSequence parts per worker (Sluice servers): %s%n", perWorker(r.requestsPerWorker())));
        }
        return sb.append("\nDefinitions:\n\n").append(Report.DEFINITIONS).toString();
    }

    /** Every worker's count up to 16 workers; beyond that the spread (report.json keeps every count). */
    static String perWorker(Map<Long, Long> counts) {
        if (counts.size() <= 16) {
            return counts.toString();
        }
        long[] sorted =
                counts.values().stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(
                "%d workers, min %d, median %d, max %d (every count in report.json)",
                sorted.length, sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }

    private static void latencies(StringBuilder sb, Report r) {
        sb.append("| bucket | requests | errors | TTFT p50 | TTFT p90 | TTFT p99 | ITL p50 | ITL p90 | ITL p99"
                + " | gap p50 | gap p99 | E2E p50 | E2E p99 |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        r.buckets()
                .forEach((name, b) -> sb.append(String.format(
                        "| %s | %d | %d | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f |%n",
                        name,
                        b.requests(),
                        b.errors(),
                        b.ttftMillis().p50(),
                        b.ttftMillis().p90(),
                        b.ttftMillis().p99(),
                        b.itlMillis().p50(),
                        b.itlMillis().p90(),
                        b.itlMillis().p99(),
                        b.gapMillis().p50(),
                        b.gapMillis().p99(),
                        b.e2eMillis().p50(),
                        b.e2eMillis().p99())));
        sb.append("\n(milliseconds)\n\n");
    }

    private static void throughput(StringBuilder sb, Report r) {
        sb.append("| bucket | req/s | out tok/s | tok/s per user p50 | tok/s per user p10 | goodput/s"
                + " | prefix hit | migrations |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        r.buckets()
                .forEach((name, b) -> sb.append(String.format(
                        "| %s | %.2f | %.1f | %.1f | %.1f | %.2f | %.1f%% | %d |%n",
                        name,
                        b.requestsPerSecond(),
                        b.outputTokensPerSecond(),
                        b.tokensPerSecondPerUser().p50(),
                        b.tokensPerSecondPerUser().p10(),
                        b.goodputPerSecond(),
                        100 * b.prefixHitRate(),
                        b.migrations())));
    }
}
