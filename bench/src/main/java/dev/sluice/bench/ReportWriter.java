package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes {@code report.json}, {@code report.md} and PNG plots of a run into a directory. */
public final class ReportWriter {
    private ReportWriter() {}

    public static void write(Path dir, Report report, BenchRunner.Run run, Map<String, Object> settings)
            throws IOException {
        write(dir, report, run, settings, Map.of(), "");
    }

    /**
     * The same files with more: {@code extraJson} entries join report.json after the report, {@code extraMarkdown}
     * ends report.md (a simulation adds its workers there).
     */
    public static void write(
            Path dir,
            Report report,
            BenchRunner.Run run,
            Map<String, Object> settings,
            Map<String, Object> extraJson,
            String extraMarkdown)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", settings);
        json.put("report", report);
        json.putAll(extraJson);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("report.json").toFile(), json);
        StringBuilder md = new StringBuilder("# sluice bench report\n\n");
        settings.forEach(
                (k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n').append(report.table()).append('\n');
        md.append("![TTFT](ttft.png)\n\n![ITL](itl.png)\n\n![Throughput](throughput.png)\n");
        if (!extraMarkdown.isEmpty()) {
            md.append('\n').append(extraMarkdown);
        }
        Files.writeString(dir.resolve("report.md"), md);
        Plots.latencyCdf(
                run.results(),
                "Time to first token, CDF by input length",
                r -> java.util.List.of(r.ttftMillis()),
                dir.resolve("ttft.png"));
        Plots.latencyCdf(
                run.results(),
                "Inter-token latency, CDF by input length",
                RequestResult::itlMillis,
                dir.resolve("itl.png"));
        Plots.throughput(run.results(), run.wallSeconds(), dir.resolve("throughput.png"));
    }
}
