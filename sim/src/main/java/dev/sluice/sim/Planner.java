package dev.sluice.sim;

import dev.sluice.bench.Report;
import dev.sluice.bench.TraceRequest;
import dev.sluice.llm.RouterSettings;
import dev.sluice.mocker.TimingModel;
import dev.sluice.mocker.WorkerSizing;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Chooses decode tiers, workers and GPU kinds per tier, and a prefill pool, for a workload, a GPU budget and SLOs.
 * An analytic first cut ({@link WorkAnalysis}) sizes each candidate set of tier boundaries; every candidate is then
 * verified by {@link Simulation}, and a coordinate descent moves workers between tiers (and into a prefill pool)
 * while that improves the objective. Rounds are deterministic: the same inputs give the same plan, unless the time
 * limit stops the search early (the plan says so).
 *
 * <p>Objective: goodput, or goodput per unit of cost when kinds have different costs; a candidate whose SLO
 * attainment in any length class falls more than two points below the homogeneous deployment's is never recommended.
 */
public final class Planner {
    static final List<Integer> BOUNDARIES = List.of(4096, 8192, 16384, 32768, 65536, 131072);
    static final int MAX_ROUNDS = 8;

    /** What to plan for. {@code gpus}: the first kind is the one a homogeneous deployment would use. */
    public record Settings(
            List<TraceRequest> workload,
            double timeScale,
            boolean openEnded,
            List<GpuKind> gpus,
            double sloTtftMillis,
            double sloItlMillis,
            RouterSettings router,
            int blockSize,
            int maxNumSeqs,
            int maxNumBatchedTokens,
            double naturalOutputMean,
            long seed,
            Duration timeLimit,
            int threads,
            List<Integer> boundaries,
            PrintStream progress) {
        /**
         * {@code boundaries}: the shorter tiers to try (the longest tier, which holds every request, is added);
         * empty tries every set of one or two of {@link Planner#BOUNDARIES}.
         */
        public Settings {
            boundaries = List.copyOf(boundaries);
        }
    }

    /** The outcome: the recommendation, the baselines, the best alternatives, and how the search went. */
    public record Plan(
            Optional<PlanCandidate> recommended,
            PlanCandidate homogeneous,
            Optional<PlanCandidate> evenSplit,
            List<PlanCandidate> alternatives,
            List<WorkAnalysis.ClassWork> analysis,
            boolean costAware,
            int simulations,
            int rounds,
            boolean stoppedByTimeLimit) {
        /** Whether {@code c} meets both SLOs at p90. */
        public boolean meetsSlos(PlanCandidate c, double sloTtft, double sloItl) {
            return c.ttftP90Millis() <= sloTtft && c.itlP90Millis() <= sloItl;
        }
    }

    private final Settings s;
    private final Map<String, PlanCandidate> evaluated = new LinkedHashMap<>();
    private final long deadlineNanos;
    private final int longest;
    private Map<String, Double> baseline = Map.of();
    private int simulations;

    private Planner(Settings settings) {
        this.s = settings;
        this.deadlineNanos = System.nanoTime() + settings.timeLimit().toNanos();
        int maxSeq = settings.workload().stream()
                .mapToInt(r -> r.inputLength() + r.outputLength())
                .max()
                .orElse(1);
        this.longest = Math.max(8192, Integer.highestOneBit(Math.max(1, maxSeq - 1)) << 1);
    }

    public static Plan plan(Settings settings) throws InterruptedException, ExecutionException {
        return new Planner(settings).search();
    }

    private boolean costAware() {
        return s.gpus().stream().map(GpuKind::cost).distinct().count() > 1;
    }

    private double objective(PlanCandidate c) {
        return costAware() ? c.goodputPerCost() : c.goodputPerSecond();
    }

    private Plan search() throws InterruptedException, ExecutionException {
        GpuKind base = s.gpus().getFirst();
        PlanCandidate homogeneous = evaluate(List.of(candidate(List.of(new Tier(longest, base.count(), base)), 0)))
                .getFirst();
        baseline = homogeneous.attainment();
        evaluated.replaceAll((k, c) -> withFairness(c));
        homogeneous = evaluated.get(homogeneous.name());
        Optional<Spec> even = evenSplit(base);
        List<Spec> seeds = new ArrayList<>(even.stream().toList());
        seeds.addAll(seeds());
        s.progress().printf("sluice plan: round 0, %d deployments to simulate%n", seeds.size());
        evaluate(seeds);
        int rounds = 0;
        boolean cut = false;
        while (rounds < MAX_ROUNDS) {
            if (System.nanoTime() > deadlineNanos) {
                cut = true;
                break;
            }
            PlanCandidate best = ranked().getFirst();
            List<Spec> next = neighbours(best).stream()
                    .filter(n -> !evaluated.containsKey(n.name()))
                    .toList();
            if (next.isEmpty()) {
                break;
            }
            rounds++;
            s.progress().printf("sluice plan: round %d, %d neighbours of %s%n", rounds, next.size(), best.name());
            evaluate(next);
            if (ranked().getFirst() == best) {
                break;
            }
        }
        List<PlanCandidate> ranked = ranked();
        Optional<PlanCandidate> recommended =
                ranked.stream().filter(PlanCandidate::fair).findFirst();
        PlanCandidate homo = homogeneous;
        Optional<PlanCandidate> evenResult = even.map(e -> evaluated.get(e.name()));
        List<PlanCandidate> alternatives = ranked.stream()
                .filter(c -> recommended.map(r -> r != c).orElse(true) && c != homo)
                .limit(5)
                .toList();
        List<Integer> bounds = new ArrayList<>(recommended
                .map(r ->
                        r.deployment().tiers().stream().map(SimTier::thisSeqlen).toList())
                .orElse(List.of(longest)));
        if (!s.boundaries().isEmpty()) {
            bounds = new ArrayList<>(s.boundaries().stream()
                    .filter(b -> b < longest)
                    .sorted()
                    .distinct()
                    .toList());
            bounds.add(longest);
        }
        List<WorkAnalysis.ClassWork> analysis = WorkAnalysis.of(
                s.workload(), s.timeScale(), bounds, base.profile(), s.maxNumBatchedTokens(), capacity(base.profile()));
        return new Plan(recommended, homo, evenResult, alternatives, analysis, costAware(), simulations, rounds, cut);
    }

    /** Candidates ranked: fair ones first, then by objective, then cheaper, then by name. */
    private List<PlanCandidate> ranked() {
        return evaluated.values().stream()
                .sorted(Comparator.comparing((PlanCandidate c) -> !c.fair())
                        .thenComparing(c -> -objective(c))
                        .thenComparingDouble(PlanCandidate::cost)
                        .thenComparing(PlanCandidate::name))
                .toList();
    }

    private PlanCandidate withFairness(PlanCandidate c) {
        boolean fair = PlanCandidate.starved(c.attainment(), baseline).isEmpty();
        return new PlanCandidate(
                c.name(),
                c.deployment(),
                c.cost(),
                c.report(),
                c.goodputPerSecond(),
                c.ttftP90Millis(),
                c.itlP90Millis(),
                c.attainment(),
                fair);
    }

    /** One tier of a candidate: its length, workers and GPU kind. */
    record Tier(int thisSeqlen, int workers, GpuKind kind) {}

    /** A candidate before simulation. */
    record Spec(String name, List<Tier> tiers, int prefillWorkers) {}

    private Spec candidate(List<Tier> tiers, int prefill) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < tiers.size(); i++) {
            Tier t = tiers.get(i);
            name.append(i == 0 ? "" : " ")
                    .append(t.thisSeqlen())
                    .append('=')
                    .append(t.workers())
                    .append(':')
                    .append(t.kind().name());
        }
        if (prefill > 0) {
            name.append(" + ").append(prefill).append(" prefill");
        }
        return new Spec(name.toString(), List.copyOf(tiers), prefill);
    }

    private Optional<Spec> evenSplit(GpuKind base) {
        List<Integer> bounds = new ArrayList<>(List.of(8192, 32768));
        bounds.removeIf(b -> b >= longest);
        bounds.add(longest);
        if (base.count() < bounds.size()) {
            return Optional.empty();
        }
        List<Tier> tiers = new ArrayList<>();
        for (int i = 0; i < bounds.size(); i++) {
            int share = base.count() / bounds.size() + (i < base.count() % bounds.size() ? 1 : 0);
            tiers.add(new Tier(bounds.get(i), share, base));
        }
        return fits(tiers) ? Optional.of(candidate(tiers, 0)) : Optional.empty();
    }

    /** Every set of one or two short boundaries under the longest tier, sized by the analysis, per kind mix. */
    private List<Spec> seeds() {
        List<Integer> shorts = BOUNDARIES.stream().filter(b -> b < longest).toList();
        List<List<Integer>> sets = new ArrayList<>();
        if (!s.boundaries().isEmpty()) {
            List<Integer> given = new ArrayList<>(s.boundaries().stream()
                    .filter(b -> b < longest)
                    .sorted()
                    .distinct()
                    .toList());
            given.add(longest);
            sets.add(given);
            shorts = List.of();
        }
        for (int i = 0; i < shorts.size(); i++) {
            sets.add(List.of(shorts.get(i), longest));
            for (int j = i + 1; j < shorts.size(); j++) {
                sets.add(List.of(shorts.get(i), shorts.get(j), longest));
            }
        }
        List<Spec> out = new ArrayList<>();
        for (List<Integer> bounds : sets) {
            for (List<GpuKind> kinds : kindMixes(bounds.size())) {
                sized(bounds, kinds).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Kind per tier: all on the first kind; and, with several kinds, the shortest tiers on the cheapest kind and the
     * rest on the first.
     */
    private List<List<GpuKind>> kindMixes(int tiers) {
        GpuKind base = s.gpus().getFirst();
        List<List<GpuKind>> out = new ArrayList<>();
        out.add(java.util.Collections.nCopies(tiers, base));
        GpuKind cheapest =
                s.gpus().stream().min(Comparator.comparingDouble(GpuKind::cost)).orElseThrow();
        if (cheapest != base) {
            for (int shortOnes = 1; shortOnes < tiers; shortOnes++) {
                List<GpuKind> mix = new ArrayList<>();
                for (int i = 0; i < tiers; i++) {
                    mix.add(i < shortOnes ? cheapest : base);
                }
                out.add(mix);
            }
        }
        return out;
    }

    /** The tiers of {@code bounds} on {@code kinds}, each kind's GPUs split over its tiers as the analysis says. */
    private Optional<Spec> sized(List<Integer> bounds, List<GpuKind> kinds) {
        int[] workers = new int[bounds.size()];
        for (GpuKind kind : kinds.stream().distinct().toList()) {
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < bounds.size(); i++) {
                if (kinds.get(i) == kind) {
                    mine.add(i);
                }
            }
            if (kind.count() < mine.size()) {
                return Optional.empty();
            }
            List<WorkAnalysis.ClassWork> all = WorkAnalysis.of(
                    s.workload(),
                    s.timeScale(),
                    bounds,
                    kind.profile(),
                    s.maxNumBatchedTokens(),
                    capacity(kind.profile()));
            int[] split = WorkAnalysis.allocate(mine.stream().map(all::get).toList(), kind.count());
            for (int k = 0; k < mine.size(); k++) {
                workers[mine.get(k)] = split[k];
            }
        }
        List<Tier> tiers = new ArrayList<>();
        for (int i = 0; i < bounds.size(); i++) {
            tiers.add(new Tier(bounds.get(i), workers[i], kinds.get(i)));
        }
        return fits(tiers) ? Optional.of(candidate(tiers, 0)) : Optional.empty();
    }

    /** Every tier's sequences fit its GPU's KV cache. */
    private boolean fits(List<Tier> tiers) {
        for (Tier t : tiers) {
            try {
                WorkerSizing.blocks(t.kind().profile(), Optional.empty(), s.blockSize(), t.thisSeqlen());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return true;
    }

    private long capacity(TimingModel profile) {
        return (long) WorkerSizing.blocks(profile, Optional.empty(), s.blockSize(), 1) * s.blockSize();
    }

    /** One worker moved between two tiers of the same kind, or a prefill pool taken from the largest tier. */
    private List<Spec> neighbours(PlanCandidate best) {
        Spec from = specs.get(best.name());
        List<Spec> out = new ArrayList<>();
        List<Tier> tiers = from.tiers();
        for (int i = 0; i < tiers.size(); i++) {
            for (int j = 0; j < tiers.size(); j++) {
                if (i != j
                        && tiers.get(i).workers() > 1
                        && tiers.get(i).kind() == tiers.get(j).kind()) {
                    List<Tier> moved = new ArrayList<>(tiers);
                    moved.set(i, withWorkers(tiers.get(i), tiers.get(i).workers() - 1));
                    moved.set(j, withWorkers(tiers.get(j), tiers.get(j).workers() + 1));
                    out.add(candidate(moved, from.prefillWorkers()));
                }
            }
        }
        int largest = 0;
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).workers() > tiers.get(largest).workers()) {
                largest = i;
            }
        }
        if (tiers.get(largest).workers() > 1
                && tiers.get(largest).kind() == s.gpus().getFirst()) {
            List<Tier> fewer = new ArrayList<>(tiers);
            fewer.set(
                    largest, withWorkers(tiers.get(largest), tiers.get(largest).workers() - 1));
            out.add(candidate(fewer, from.prefillWorkers() + 1));
        }
        if (from.prefillWorkers() > 0) {
            List<Tier> more = new ArrayList<>(tiers);
            more.set(largest, withWorkers(tiers.get(largest), tiers.get(largest).workers() + 1));
            out.add(candidate(more, from.prefillWorkers() - 1));
        }
        return out;
    }

    private static Tier withWorkers(Tier t, int workers) {
        return new Tier(t.thisSeqlen(), workers, t.kind());
    }

    private final Map<String, Spec> specs = new LinkedHashMap<>();

    /** Simulates the specs not seen yet, in parallel, and records them in order. */
    private List<PlanCandidate> evaluate(List<Spec> batch) throws InterruptedException, ExecutionException {
        List<Spec> fresh = batch.stream()
                .filter(b -> !evaluated.containsKey(b.name()))
                .distinct()
                .toList();
        List<Future<PlanCandidate>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(
                Math.max(1, Math.min(s.threads(), fresh.size())),
                r -> Thread.ofPlatform().name("sluice-plan").unstarted(r))) {
            for (Spec spec : fresh) {
                futures.add(pool.submit(() -> simulate(spec)));
            }
            List<PlanCandidate> out = new ArrayList<>();
            for (int i = 0; i < fresh.size(); i++) {
                PlanCandidate c = withFairness(futures.get(i).get());
                specs.put(c.name(), fresh.get(i));
                evaluated.put(c.name(), c);
                simulations++;
                out.add(c);
                s.progress()
                        .printf(
                                "  %-60s goodput %7.2f/s  TTFT p90 %8.0f ms  ITL p90 %6.1f ms%s%n",
                                c.name(),
                                c.goodputPerSecond(),
                                c.ttftP90Millis(),
                                c.itlP90Millis(),
                                c.fair() ? "" : "  (starves " + PlanCandidate.starved(c.attainment(), baseline) + ")");
            }
            return out;
        }
    }

    private PlanCandidate simulate(Spec spec) {
        List<SimTier> tiers = spec.tiers().stream()
                .map(t -> new SimTier(t.thisSeqlen(), t.workers(), t.kind().profile()))
                .toList();
        GpuKind base = s.gpus().getFirst();
        Deployment d = new Deployment(
                spec.name(),
                tiers,
                spec.prefillWorkers(),
                base.profile(),
                0,
                s.router(),
                s.blockSize(),
                Optional.empty(),
                s.maxNumSeqs(),
                s.maxNumBatchedTokens(),
                s.naturalOutputMean(),
                s.seed());
        SimulationResult r = Simulation.run(
                d,
                s.workload(),
                new Simulation.SimOptions(
                        s.timeScale(), 10_000_000_000L, 1000, 100_000, s.openEnded(), Simulation.SILENT));
        Report report = SimReport.summary(r, s.sloTtftMillis(), s.sloItlMillis());
        Report.Bucket all = report.buckets().get("all");
        Map<String, Double> attainment = new LinkedHashMap<>();
        report.buckets().forEach((name, b) -> {
            if (!name.equals("all")) {
                attainment.put(name, b.sloAttainment());
            }
        });
        double cost = spec.tiers().stream()
                        .mapToDouble(t -> t.workers() * t.kind().cost())
                        .sum()
                + spec.prefillWorkers() * base.cost();
        return new PlanCandidate(
                spec.name(),
                d,
                cost,
                report,
                all.goodputPerSecond(),
                all.ttftMillis().p90(),
                all.itlMillis().p90(),
                attainment,
                true);
    }
}
