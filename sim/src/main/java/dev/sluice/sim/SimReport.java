package dev.sluice.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.bench.ClientUsage;
import dev.sluice.bench.Report;
import dev.sluice.bench.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulation's report: the report of {@code sluice bench} (same metrics, same files) computed from the simulated
 * requests, plus what only a simulation can see: every worker's utilization, queue, preemptions and KV usage over
 * time. Nothing in it depends on the machine that ran it, so equal inputs give a byte-identical report.json.
 */
public final class SimReport {
    private SimReport() {}

    /** The client of a simulation: no CPU of its own, never late. */
    static final ClientUsage CLIENT = new ClientUsage("simulate", 0, 0);

    /** The bench-shaped summary of a run, over the virtual time from the first arrival to the last end. */
    public static Report summary(SimulationResult r, double sloTtftMillis, double sloItlMillis) {
        return Report.of(
                r.results(), Report.durationSeconds(r.results()), new Report.Slo(sloTtftMillis, sloItlMillis), CLIENT);
    }

    /** Per worker: tier, role, profile, utilization, preemptions, KV usage and waiting sequences (mean and max). */
    public static List<Map<String, Object>> workers(SimulationResult r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < r.workers().size(); i++) {
            WorkerInfo w = r.workers().get(i);
            List<WorkerSample> s = r.workerSeries().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("worker", w.id());
            m.put("role", w.role());
            m.put("tier", w.thisSeqlen());
            m.put("profile", w.profile());
            m.put("kv_blocks", w.kvBlocks());
            m.put("utilization", round(w.busyMillis() / Math.max(1e-9, r.virtualSeconds() * 1000)));
            m.put("preemptions", w.preemptions());
            m.put(
                    "kv_usage_mean",
                    round(s.stream()
                            .mapToDouble(WorkerSample::kvUsage)
                            .average()
                            .orElse(0)));
            m.put(
                    "kv_usage_max",
                    round(s.stream().mapToDouble(WorkerSample::kvUsage).max().orElse(0)));
            m.put(
                    "waiting_mean",
                    round(s.stream()
                            .mapToDouble(WorkerSample::waiting)
                            .average()
                            .orElse(0)));
            m.put(
                    "waiting_max",
                    s.stream().mapToInt(WorkerSample::waiting).max().orElse(0));
            out.add(m);
        }
        return out;
    }

    /** A Markdown table of {@link #workers}. */
    public static String workerTable(SimulationResult r) {
        StringBuilder sb = new StringBuilder(
                "| worker | role | tier | profile | utilization | preemptions | KV usage mean | KV usage max | waiting mean | waiting max |\n"
                        + "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> w : workers(r)) {
            sb.append(String.format(
                    "| %s | %s | %s | %s | %.0f%% | %s | %.0f%% | %.0f%% | %.1f | %s |%n",
                    w.get("worker"),
                    w.get("role"),
                    w.get("tier"),
                    w.get("profile"),
                    100 * (double) w.get("utilization"),
                    w.get("preemptions"),
                    100 * (double) w.get("kv_usage_mean"),
                    100 * (double) w.get("kv_usage_max"),
                    (double) w.get("waiting_mean"),
                    w.get("waiting_max")));
        }
        return sb.toString();
    }

    /** Writes the bench report files plus the workers' section and plots into {@code dir}. */
    public static void write(Path dir, SimulationResult r, Report report, Map<String, Object> settings)
            throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("virtual_seconds", round(r.virtualSeconds()));
        extra.put("events", r.events());
        extra.put("workers", workers(r));
        extra.put("series", series(r));
        ReportWriter.write(
                dir,
                "sluice simulate report",
                report,
                r.results(),
                settings,
                Map.of("simulation", extra),
                "## Workers\n\n" + workerTable(r) + "\n![KV usage](kv_usage.png)\n\n![Waiting](waiting.png)\n\n"
                        + "![Busy](busy.png)\n");
        plot(dir.resolve("kv_usage.png"), r, "KV cache usage per worker", "fraction of blocks", WorkerSample::kvUsage);
        plot(dir.resolve("waiting.png"), r, "Waiting sequences per worker", "sequences", s -> s.waiting());
        plot(dir.resolve("busy.png"), r, "Time spent stepping per worker", "fraction of interval", WorkerSample::busy);
    }

    private static Map<String, Object> series(SimulationResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < r.workers().size(); i++) {
            List<double[]> rows = new ArrayList<>();
            for (WorkerSample s : r.workerSeries().get(i)) {
                rows.add(new double[] {
                    round(s.atSeconds()), s.running(), s.waiting(), round(s.kvUsage()), round(s.busy())
                });
            }
            out.put(Long.toString(r.workers().get(i).id()), rows);
        }
        return Map.of("columns", List.of("t_seconds", "running", "waiting", "kv_usage", "busy"), "workers", out);
    }

    private static void plot(
            Path file,
            SimulationResult r,
            String title,
            String yLabel,
            java.util.function.ToDoubleFunction<WorkerSample> value)
            throws IOException {
        Map<String, double[][]> lines = new LinkedHashMap<>();
        for (int i = 0; i < r.workers().size(); i++) {
            List<WorkerSample> s = r.workerSeries().get(i);
            double[][] xy = new double[2][s.size()];
            for (int k = 0; k < s.size(); k++) {
                xy[0][k] = s.get(k).atSeconds();
                xy[1][k] = value.applyAsDouble(s.get(k));
            }
            WorkerInfo w = r.workers().get(i);
            lines.put("worker " + w.id() + " (" + w.role() + " " + w.thisSeqlen() + ")", xy);
        }
        SeriesPlot.write(file, title, "virtual seconds", yLabel, lines, 12);
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** Writes a JSON document with sorted, indented output. */
    static void json(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
    }
}
