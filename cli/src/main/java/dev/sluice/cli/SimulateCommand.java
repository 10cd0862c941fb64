package dev.sluice.cli;

import dev.sluice.bench.TraceRequest;
import dev.sluice.sim.Deployment;
import dev.sluice.sim.LoadSweep;
import dev.sluice.sim.Simulation;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice simulate}: replay a workload through the production routing stack and simulated workers on a virtual
 * clock, and report as {@code sluice bench} does.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Replay a workload (--trace or synthetic) against a deployment of simulated workers (serve's flags)",
            "on a virtual clock: the real routers, tier policy, migration and worker schedulers, no HTTP, no",
            "sleeping. Deterministic for given flags and --seed. Reports as sluice bench does, plus every",
            "worker's utilization, queue, preemptions and KV usage over time."
        })
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Mixin
    ReportOptions reporting = new ReportOptions();

    @Mixin
    DeploymentOptions deployment = new DeploymentOptions();

    @Option(
            names = "--load",
            split = ",",
            paramLabel = "FACTOR",
            description = "Scale the arrival rate by each factor in turn (e.g. 0.5,1,2,4) and report goodput, TTFT"
                    + " and ITL against load (default: 1).")
    List<Double> loads = new ArrayList<>(List.of(1.0));

    @Option(
            names = "--compare",
            arity = "1..*",
            paramLabel = "\"FLAGS\"",
            description = "Deployments to compare over the same arrivals, each given as serve's deployment flags in"
                    + " one argument, e.g. --compare \"--router kv --tier 32768=8\" \"--router round-robin --tier"
                    + " 32768=8\". Each starts from the deployment flags given outside --compare (e.g. --timing-profile,"
                    + " mocker flags); an option it names replaces their value (its --tier flags replace theirs).")
    List<String> compare = new ArrayList<>();

    @Option(
            names = "--open-ended",
            description = "Requests carry no max_tokens, as most clients send; each still ends after its trace's"
                    + " output length, but the tier policy cannot know that in advance.")
    boolean openEnded;

    @Option(
            names = "--sample-interval",
            defaultValue = "1.0",
            description = "Virtual seconds between samples of every worker's state (default: ${DEFAULT-VALUE}).")
    double sampleInterval;

    @Option(
            names = "--threads",
            description = "Simulations run at once when comparing or sweeping load (default: the machine's cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        if (loads.stream().anyMatch(l -> !(l > 0))) {
            throw new IllegalArgumentException("--load factors must be positive: " + loads);
        }
        if (!(sampleInterval > 0)) {
            throw new IllegalArgumentException("--sample-interval " + sampleInterval + " must be positive");
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("--threads " + threads + " must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintStream progress = new PrintStream(new WriterOutputStream(err), true, StandardCharsets.UTF_8);
        List<TraceRequest> requests = workload.requests(deployment.seed);
        Map<String, Deployment> deployments = deployments(requests);
        int[] tokens = workload.tokens();
        LoadSweep sweep = new LoadSweep(
                requests,
                new Simulation.SimOptions(
                        workload.timeScale, (long) (sampleInterval * 1e9), tokens[0], tokens[1], openEnded, progress),
                reporting.sloTtft,
                reporting.sloItl,
                threads);
        err.printf(
                "sluice simulate: %d requests, %d deployment(s) x %d load(s)%n",
                requests.size(), deployments.size(), loads.size());
        err.flush();
        LoadSweep.Outcome outcome = sweep.run(deployments, loads);
        progress.flush();
        out.print(outcome.table());
        out.flush();
        if (reporting.report.isPresent()) {
            outcome.write(reporting.report.get(), settings());
            err.println("sluice simulate: report written to " + reporting.report.get());
        }
        err.println(outcome.speed());
        err.flush();
        return 0;
    }

    private Map<String, Deployment> deployments(List<TraceRequest> requests) {
        Map<String, Deployment> out = new LinkedHashMap<>();
        if (compare.isEmpty()) {
            out.put(describe(deployment), SimDeployments.of(describe(deployment), deployment, requests));
            return out;
        }
        for (String flags : compare) {
            String label = flags.strip();
            Deployment d;
            try {
                d = SimDeployments.of(label, parse(baseArgs(), flags), requests);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        e.getMessage().startsWith("--compare")
                                ? e.getMessage()
                                : "--compare \"" + flags + "\": " + e.getMessage());
            }
            if (out.put(label, d) != null) {
                throw new IllegalArgumentException("--compare \"" + flags + "\" is given twice");
            }
        }
        return out;
    }

    /**
     * Serve's deployment flags of one --compare argument, on top of the deployment flags given outside --compare
     * ({@code base}, as name/value words): an option the argument names replaces every outer value of it (so its
     * --tier flags replace the outer tiers), and every other outer option (--timing-profile, mocker flags, ...) holds.
     */
    static DeploymentOptions parse(List<String> base, String flags) {
        List<String> own =
                flags.strip().isEmpty() ? List.of() : List.of(flags.strip().split("\\s+"));
        Set<String> named = new HashSet<>();
        try {
            CommandLine alone = new CommandLine(new DeploymentSpec());
            alone.parseArgs(own.toArray(String[]::new));
            alone.getParseResult().matchedOptions().forEach(o -> named.addAll(List.of(o.names())));
            List<String> args = new ArrayList<>();
            for (int i = 0; i < base.size(); i += 2) {
                if (!named.contains(base.get(i))) {
                    args.add(base.get(i) + (base.get(i + 1) == null ? "" : "=" + base.get(i + 1)));
                }
            }
            args.addAll(own);
            DeploymentSpec spec = new DeploymentSpec();
            new CommandLine(spec).parseArgs(args.toArray(String[]::new));
            return spec.deployment;
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException("--compare \"" + flags + "\": " + e.getMessage());
        }
    }

    /** The deployment flags given outside --compare, as (name, value or null for a flag) pairs. */
    private List<String> baseArgs() {
        CommandSpec deploymentFlags = new CommandLine(new DeploymentSpec()).getCommandSpec();
        List<String> out = new ArrayList<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (deploymentFlags.findOption(o.longestName()) == null) {
                continue;
            }
            if (o.arity().max() == 0) {
                out.add(o.longestName());
                out.add(null);
            } else {
                for (String v : o.originalStringValues()) {
                    out.add(o.longestName());
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** The flags of one compared deployment. */
    @Command(name = "deployment")
    static final class DeploymentSpec {
        @Mixin
        DeploymentOptions deployment = new DeploymentOptions();
    }

    private static String describe(DeploymentOptions d) {
        return "router " + d.routing.router + ", tiers " + (d.tiers.isEmpty() ? "default" : String.join(" ", d.tiers))
                + (d.prefillWorkers > 0 ? ", " + d.prefillWorkers + " prefill" : "");
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("workload", workload.describe());
        s.put("time_scale", workload.timeScale);
        s.put("loads", loads);
        s.put("seed", deployment.seed);
        s.put("open_ended", openEnded);
        s.put("slo_ttft_ms", reporting.sloTtft);
        s.put("slo_itl_ms", reporting.sloItl);
        return s;
    }
}
