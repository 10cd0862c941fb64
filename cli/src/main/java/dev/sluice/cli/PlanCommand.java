package dev.sluice.cli;

import dev.sluice.bench.TraceRequest;
import dev.sluice.mocker.TimingModel;
import dev.sluice.sim.GpuKind;
import dev.sluice.sim.Planner;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice plan}: tiers, workers per tier, GPU kinds and a prefill pool for a workload, a budget and SLOs. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Recommend decode tiers (this_seqlen values), workers and GPU kind per tier and a prefill pool for a",
            "workload (--trace or synthetic), a GPU budget (--workers or --gpus) and SLOs: an analytic first cut from",
            "each length class's prefill work and KV-token-seconds, then a search verified by sluice simulate.",
            "Prints the predicted goodput, TTFT and ITL, the homogeneous deployment and the best alternatives, and",
            "the commands to run the plan. Deterministic for given flags and --seed."
        })
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Mixin
    ReportOptions reporting = new ReportOptions();

    @Option(names = "--workers", description = "Budget: this many GPUs of --timing-profile.")
    Optional<Integer> workers;

    @Option(
            names = "--gpus",
            paramLabel = "PROFILE=COUNT:COST,...",
            split = ",",
            description = "Budget: GPUs by kind (a timing profile), how many and what one costs, e.g."
                    + " h100-llama3.1-8b=16:4.0,a100-qwen3-8b=8:2.2. The first kind is the homogeneous baseline's.")
    List<String> gpus = new ArrayList<>();

    @Mixin
    RouterOptions routing = new RouterOptions();

    @Mixin
    MockerOptions mocker = new MockerOptions();

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the simulations and of synthetic workloads (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--open-ended",
            description = "Requests carry no max_tokens, as most clients send (the tier policy must expect lengths).")
    boolean openEnded;

    @Option(
            names = "--tiers",
            split = ",",
            paramLabel = "SEQLEN",
            description = "Try only these shorter tiers (the tier that holds the longest request is added), e.g."
                    + " --tiers 8192,32768; the analytic first cut is shown for them (default: search every set of one"
                    + " or two of 4096..131072).")
    List<Integer> tiers = new ArrayList<>();

    @Option(
            names = "--time-limit",
            defaultValue = "600",
            description = "Seconds the search may take; it stops after the round that passes it (default:"
                    + " ${DEFAULT-VALUE}).")
    long timeLimitSeconds;

    @Option(names = "--threads", description = "Simulations run at once (default: the machine's cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        List<GpuKind> budget = budget();
        if (timeLimitSeconds <= 0 || threads <= 0) {
            throw new IllegalArgumentException("--time-limit and --threads must be positive");
        }
        if (tiers.stream().anyMatch(t -> t <= 0)) {
            throw new IllegalArgumentException("--tiers must be positive token counts: " + tiers);
        }
        List<TraceRequest> requests = workload.requests(seed);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintStream progress = new PrintStream(new WriterOutputStream(err), true, StandardCharsets.UTF_8);
        Planner.Settings settings = new Planner.Settings(
                requests,
                workload.timeScale,
                openEnded,
                budget,
                reporting.sloTtft,
                reporting.sloItl,
                routing.settings(mocker.blockSize, seed),
                mocker.blockSize,
                mocker.maxNumSeqs,
                mocker.maxNumBatchedTokens,
                mocker.naturalOutputMean,
                seed,
                Duration.ofSeconds(timeLimitSeconds),
                threads,
                tiers,
                progress);
        Planner.Plan plan = Planner.plan(settings);
        PlanPrinter printer = new PlanPrinter(plan, settings, routing, mocker);
        out.print(printer.text());
        out.flush();
        if (reporting.report.isPresent()) {
            Files.createDirectories(reporting.report.get());
            Files.writeString(reporting.report.get().resolve("plan.md"), printer.text());
            printer.writeJson(reporting.report.get().resolve("plan.json"));
            err.println("sluice plan: written to " + reporting.report.get());
        }
        err.flush();
        return 0;
    }

    private List<GpuKind> budget() {
        if (workers.isPresent() == !gpus.isEmpty()) {
            throw new IllegalArgumentException("give the budget as --workers N or as --gpus PROFILE=COUNT:COST,...");
        }
        if (workers.isPresent()) {
            if (workers.get() <= 0) {
                throw new IllegalArgumentException("--workers " + workers.get() + " must be positive");
            }
            return List.of(new GpuKind(TimingModel.resolve(mocker.timingProfile), workers.get(), 1.0));
        }
        List<GpuKind> out = new ArrayList<>();
        for (String g : gpus) {
            int eq = g.indexOf('=');
            int colon = g.indexOf(':', Math.max(0, eq));
            if (eq <= 0 || colon < 0) {
                throw new IllegalArgumentException("--gpus '" + g + "' is not PROFILE=COUNT:COST");
            }
            try {
                out.add(new GpuKind(
                        TimingModel.resolve(g.substring(0, eq).strip()),
                        Integer.parseInt(g.substring(eq + 1, colon).strip()),
                        Double.parseDouble(g.substring(colon + 1).strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--gpus '" + g + "' is not PROFILE=COUNT:COST");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--gpus '" + g + "': " + e.getMessage());
            }
        }
        if (out.stream().map(GpuKind::name).distinct().count() < out.size()) {
            throw new IllegalArgumentException("--gpus names a kind twice: " + gpus);
        }
        return out;
    }
}
