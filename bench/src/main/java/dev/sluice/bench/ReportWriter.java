package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run into a directory: {@code report.json} (settings and the {@link Report}), {@code report.md} (the same
 * tables as the terminal, the definitions, and the plots) and PNG plots drawn from the per-request results.
 */
public final class ReportWriter {
    private ReportWriter() {}

    public static void write(
            Path dir, String title, Report report, List<RequestResult> results, Map<String, Object> settings)
            throws IOException {
        write(dir, title, report, results, settings, Map.of(), "");
    }

    /**
     * The same files with more: {@code extraJson} entries join report.json after the report, {@code extraMarkdown}
     * ends report.md (a simulation adds its workers there).
     */
    public static void write(
            Path dir,
            String title,
            Report report,
            List<RequestResult> results,
            Map<String, Object> settings,
            Map<String, Object> extraJson,
            String extraMarkdown)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", settings);
        json.put("report", report);
        json.put("definitions", Report.DEFINITIONS);
        json.putAll(extraJson);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("report.json").toFile(), json);
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        settings.forEach(
                (k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n').append(report.table()).append('\n');
        md.append("![TTFT](ttft.png)\n\n![ITL](itl.png)\n\n![Token gaps](gaps.png)\n\n![E2E](e2e.png)\n\n");
        md.append("![Throughput](throughput.png)\n");
        if (!extraMarkdown.isEmpty()) {
            md.append('\n').append(extraMarkdown);
        }
        Files.writeString(dir.resolve("report.md"), md);
        Plots.latencyCdf(
                results,
                "Time to first token, CDF by input length",
                r -> new double[] {r.ttftNanos() / 1e6},
                dir.resolve("ttft.png"));
        Plots.latencyCdf(
                results,
                "Inter-token latency per request, CDF by input length",
                r -> new double[] {r.itlNanos() / 1e6},
                dir.resolve("itl.png"));
        Plots.latencyCdf(
                results,
                "Gaps between streamed text events, CDF by input length",
                r -> Arrays.stream(r.gapNanos()).mapToDouble(g -> g / 1e6).toArray(),
                dir.resolve("gaps.png"));
        Plots.latencyCdf(
                results,
                "End-to-end latency, CDF by input length",
                r -> new double[] {r.endNanos() / 1e6},
                dir.resolve("e2e.png"));
        Plots.throughput(results, report.durationSeconds(), dir.resolve("throughput.png"));
    }
}
