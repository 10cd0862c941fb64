package dev.sluice.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The SLOs goodput counts against, and where report files go. Shared by bench and simulate. */
final class ReportOptions {
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
}
