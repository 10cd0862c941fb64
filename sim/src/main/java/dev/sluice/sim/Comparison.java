package dev.sluice.sim;

import dev.sluice.bench.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Deployments side by side over a load sweep: one table row per run, one plot per metric against load. */
final class Comparison {
    private static final List<String> CLASSES = List.of("<8k", "8k-32k", ">=32k");

    private Comparison() {}

    static String table(List<LoadSweep.Point> points) {
        StringBuilder sb = new StringBuilder(
                "| deployment | load | offered req/s | goodput/s | TTFT p50 | TTFT p90 | ITL p50 | ITL p90 | ITL p90 <8k"
                        + " | prefix hit | migrations | errors | SLO <8k | SLO 8k-32k | SLO >=32k |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadSweep.Point p : points) {
            Report.Bucket all = p.report().buckets().get("all");
            sb.append(String.format(
                    "| %s | %s | %.2f | %.2f | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f%% | %d | %d | %s | %s | %s |%n",
                    p.deployment(),
                    p.load(),
                    p.offeredPerSecond(),
                    all.goodputPerSecond(),
                    all.ttftMillis().p50(),
                    all.ttftMillis().p90(),
                    all.itlMillis().p50(),
                    all.itlMillis().p90(),
                    bucket(p, "<8k", b -> b.itlMillis().p90()),
                    100 * all.prefixHitRate(),
                    all.migrations(),
                    all.errors(),
                    attainment(p, "<8k"),
                    attainment(p, "8k-32k"),
                    attainment(p, ">=32k")));
        }
        return sb.toString();
    }

    private static double bucket(LoadSweep.Point p, String name, ToDoubleFunction<Report.Bucket> f) {
        Report.Bucket b = p.report().buckets().get(name);
        return b == null ? Double.NaN : f.applyAsDouble(b);
    }

    private static String attainment(LoadSweep.Point p, String name) {
        double a = bucket(p, name, Report.Bucket::sloAttainment);
        return Double.isNaN(a) ? "-" : String.format("%.1f%%", 100 * a);
    }

    static void write(Path dir, List<LoadSweep.Point> points, Map<String, Object> settings) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", settings);
        List<Map<String, Object>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            LoadSweep.Point p = points.get(i);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("deployment", p.deployment());
            run.put("load", p.load());
            run.put("offered_requests_per_second", SimReport.round(p.offeredPerSecond()));
            run.put("folder", LoadSweep.Outcome.folder(i, p));
            run.put("report", p.report());
            runs.add(run);
        }
        json.put("runs", runs);
        SimReport.json(dir.resolve("report.json"), json);
        StringBuilder md = new StringBuilder("# sluice simulate: comparison\n\n");
        settings.forEach(
                (k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n').append(table(points)).append('\n');
        plot(
                dir,
                points,
                "goodput.png",
                "Goodput (requests/s meeting both SLOs)",
                "requests/s",
                b -> b.goodputPerSecond());
        plot(dir, points, "ttft_p90.png", "TTFT p90", "ms", b -> b.ttftMillis().p90());
        plot(dir, points, "itl_p90.png", "ITL p90", "ms", b -> b.itlMillis().p90());
        plot(dir, points, "prefix_hit.png", "Prefix-cache hit rate", "fraction", Report.Bucket::prefixHitRate);
        md.append("![Goodput](goodput.png)\n\n![TTFT p90](ttft_p90.png)\n\n![ITL p90](itl_p90.png)\n\n"
                + "![Prefix hits](prefix_hit.png)\n");
        Files.writeString(dir.resolve("report.md"), md);
    }

    private static void plot(
            Path dir,
            List<LoadSweep.Point> points,
            String file,
            String title,
            String yLabel,
            ToDoubleFunction<Report.Bucket> metric)
            throws IOException {
        Map<String, double[][]> lines = new LinkedHashMap<>();
        Map<String, List<LoadSweep.Point>> byDeployment = new LinkedHashMap<>();
        points.forEach(p -> byDeployment
                .computeIfAbsent(p.deployment(), k -> new java.util.ArrayList<>())
                .add(p));
        byDeployment.forEach((name, ps) -> {
            double[][] xy = new double[2][ps.size()];
            for (int i = 0; i < ps.size(); i++) {
                xy[0][i] = ps.get(i).load();
                xy[1][i] = metric.applyAsDouble(ps.get(i).report().buckets().get("all"));
            }
            lines.put(name, xy);
        });
        SeriesPlot.write(
                dir.resolve(file), title + " against load", "load (x the trace's arrival rate)", yLabel, lines, 10);
    }
}
