package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.sim.GpuKind;
import dev.sluice.sim.PlanCandidate;
import dev.sluice.sim.Planner;
import dev.sluice.sim.SimTier;
import dev.sluice.sim.WorkAnalysis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan as the user reads it: the recommendation, its commands, and what it was compared with. */
final class PlanPrinter {
    private static final List<String> CLASSES = List.of("<8k", "8k-32k", ">=32k");

    private final Planner.Plan plan;
    private final Planner.Settings settings;
    private final RouterOptions routing;
    private final MockerOptions mocker;

    PlanPrinter(Planner.Plan plan, Planner.Settings settings, RouterOptions routing, MockerOptions mocker) {
        this.plan = plan;
        this.settings = settings;
        this.routing = routing;
        this.mocker = mocker;
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        double span = (settings.workload().getLast().timestampMillis()
                        - settings.workload().getFirst().timestampMillis())
                * settings.timeScale()
                / 1000;
        sb.append(String.format(
                "sluice plan: %d requests over %.0f s (%.2f requests/s); SLOs TTFT %.0f ms, ITL %.0f ms; budget %s%n%n",
                settings.workload().size(),
                span,
                settings.workload().size() / Math.max(1, span),
                settings.sloTtftMillis(),
                settings.sloItlMillis(),
                budget()));
        if (plan.recommended().isEmpty()) {
            sb.append("No deployment keeps every length class within 2 points of the homogeneous deployment's SLO"
                    + " attainment; the homogeneous deployment stands.\n\n");
        }
        PlanCandidate rec = plan.recommended().orElse(plan.homogeneous());
        sb.append("Recommended: ").append(rec.name()).append('\n');
        double homogeneous = plan.homogeneous().goodputPerSecond();
        sb.append(String.format(
                "  predicted goodput %.2f requests/s (%s), TTFT p90 %.0f ms, ITL p90 %.1f ms, cost %.1f%s%n",
                rec.goodputPerSecond(),
                homogeneous > 0
                        ? String.format("%.2fx the homogeneous deployment's", rec.goodputPerSecond() / homogeneous)
                        : "the homogeneous deployment meets no SLO",
                rec.ttftP90Millis(),
                rec.itlP90Millis(),
                rec.cost(),
                plan.costAware() ? String.format(" (%.3f goodput per unit of cost)", rec.goodputPerCost()) : ""));
        sb.append("  SLO attainment by prompt length: ").append(attainment(rec)).append('\n');
        sb.append("  homogeneous:                     ")
                .append(attainment(plan.homogeneous()))
                .append('\n');
        if (!plan.meetsSlos(rec, settings.sloTtftMillis(), settings.sloItlMillis())) {
            sb.append(miss(rec));
        }
        sb.append('\n').append(commands(rec)).append('\n');
        sb.append("Analytic first cut for these tiers (on ")
                .append(settings.gpus().getFirst().name())
                .append("):\n\n")
                .append(analysis())
                .append('\n');
        sb.append("Simulated on the same arrivals:\n\n").append(comparison(rec)).append('\n');
        sb.append(String.format(
                "Search: %d simulations in %d rounds after the first%s.%n",
                plan.simulations(),
                plan.rounds(),
                plan.stoppedByTimeLimit() ? ", stopped by --time-limit (a longer one may find more)" : ""));
        return sb.toString();
    }

    private String budget() {
        List<String> parts = new ArrayList<>();
        for (GpuKind k : settings.gpus()) {
            parts.add(k.count() + " x " + k.name() + (plan.costAware() ? " at " + k.cost() : ""));
        }
        return String.join(" + ", parts);
    }

    private static String attainment(PlanCandidate c) {
        List<String> parts = new ArrayList<>();
        for (String name : CLASSES) {
            Double a = c.attainment().get(name);
            if (a != null) {
                parts.add(String.format("%s %.1f%%", name, 100 * a));
            }
        }
        return String.join(", ", parts);
    }

    private String miss(PlanCandidate rec) {
        PlanCandidate closest = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(rec, plan.homogeneous()), plan.alternatives().stream())
                .min(java.util.Comparator.comparingDouble(this::overshoot))
                .orElseThrow();
        return String.format(
                "  No simulated deployment within the budget meets TTFT p90 <= %.0f ms and ITL p90 <= %.0f ms; the"
                        + " closest, %s, has TTFT p90 %.0f ms and ITL p90 %.1f ms.%n",
                settings.sloTtftMillis(),
                settings.sloItlMillis(),
                closest.name(),
                closest.ttftP90Millis(),
                closest.itlP90Millis());
    }

    private double overshoot(PlanCandidate c) {
        return Math.max(c.ttftP90Millis() / settings.sloTtftMillis(), c.itlP90Millis() / settings.sloItlMillis());
    }

    private String commands(PlanCandidate rec) {
        StringBuilder serve = new StringBuilder("bin/sluice serve");
        for (SimTier t : rec.deployment().tiers()) {
            serve.append(" --tier ")
                    .append(t.thisSeqlen())
                    .append('=')
                    .append(t.workers())
                    .append(':')
                    .append(t.profile().name());
        }
        if (rec.deployment().prefillWorkers() > 0) {
            serve.append(" --prefill-workers ").append(rec.deployment().prefillWorkers());
        }
        String routingFlags = " --router " + routing.router + " --tier-policy " + routing.tierPolicy;
        serve.append(routingFlags).append(" --block-size ").append(mocker.blockSize);
        StringBuilder sb =
                new StringBuilder("Run it in one process:\n  ").append(serve).append("\n\nOr distributed:\n");
        int max = rec.deployment().maxSeqlen();
        String common = "bin/sluice worker --etcd http://ETCD:2379 --nats nats://NATS:4222 --model-path MODEL"
                + " --max-seqlen " + max + " --block-size " + mocker.blockSize;
        for (SimTier t : rec.deployment().tiers()) {
            sb.append(String.format(
                    "  %d x %s --this-seqlen %d --timing-profile %s%n",
                    t.workers(), common, t.thisSeqlen(), t.profile().name()));
        }
        if (rec.deployment().prefillWorkers() > 0) {
            sb.append(String.format(
                    "  %d x %s --role prefill --timing-profile %s%n",
                    rec.deployment().prefillWorkers(),
                    common,
                    rec.deployment().prefillProfile().name()));
        }
        sb.append("  bin/sluice frontend --etcd http://ETCD:2379 --nats nats://NATS:4222")
                .append(routingFlags)
                .append('\n');
        sb.append(
                "  (real engines: add --engine openai-http --engine-url URL to each worker, and start each engine with"
                        + " max_model_len of its tier)\n");
        return sb.toString();
    }

    private String analysis() {
        StringBuilder sb = new StringBuilder(
                "| sequence length | requests | prefill GPU-s | decode GPU-s | KV token-s | workers for compute |"
                        + " workers for KV | workers needed |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (WorkAnalysis.ClassWork c : plan.analysis()) {
            sb.append(String.format(
                    "| %d-%d | %d | %.0f | %.0f | %.3g | %.2f | %.2f | %.2f |%n",
                    c.fromTokens(),
                    c.toTokens(),
                    c.requests(),
                    c.prefillGpuSeconds(),
                    c.decodeGpuSeconds(),
                    c.kvTokenSeconds(),
                    c.workersForCompute(),
                    c.workersForKv(),
                    c.workersNeeded()));
        }
        return sb.toString();
    }

    private String comparison(PlanCandidate rec) {
        StringBuilder sb = new StringBuilder(
                "| | deployment | cost | goodput/s | goodput per cost | TTFT p90 | ITL p90 | SLO <8k | SLO 8k-32k |"
                        + " SLO >=32k |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        row(sb, "recommended", rec);
        if (rec != plan.homogeneous()) {
            row(sb, "homogeneous", plan.homogeneous());
        }
        plan.evenSplit().filter(e -> e != rec).ifPresent(e -> row(sb, "even split", e));
        plan.alternatives().stream()
                .filter(a -> plan.evenSplit().map(e -> e != a).orElse(true))
                .forEach(a -> row(sb, a.fair() ? "alternative" : "starves a class", a));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String role, PlanCandidate c) {
        sb.append(String.format(
                "| %s | %s | %.1f | %.2f | %.3f | %.0f | %.1f | %s | %s | %s |%n",
                role,
                c.name(),
                c.cost(),
                c.goodputPerSecond(),
                c.goodputPerCost(),
                c.ttftP90Millis(),
                c.itlP90Millis(),
                pct(c, "<8k"),
                pct(c, "8k-32k"),
                pct(c, ">=32k")));
    }

    private static String pct(PlanCandidate c, String name) {
        Double a = c.attainment().get(name);
        return a == null ? "-" : String.format("%.1f%%", 100 * a);
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("recommended", plan.recommended().map(PlanPrinter::summary).orElse(null));
        json.put("homogeneous", summary(plan.homogeneous()));
        json.put("even_split", plan.evenSplit().map(PlanPrinter::summary).orElse(null));
        json.put(
                "alternatives",
                plan.alternatives().stream().map(PlanPrinter::summary).toList());
        json.put("analysis", plan.analysis());
        json.put("simulations", plan.simulations());
        json.put("rounds", plan.rounds());
        json.put("stopped_by_time_limit", plan.stoppedByTimeLimit());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    private static Map<String, Object> summary(PlanCandidate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployment", c.name());
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (SimTier t : c.deployment().tiers()) {
            tiers.add(Map.of(
                    "this_seqlen",
                    t.thisSeqlen(),
                    "workers",
                    t.workers(),
                    "profile",
                    t.profile().name()));
        }
        m.put("tiers", tiers);
        m.put("prefill_workers", c.deployment().prefillWorkers());
        m.put("cost", c.cost());
        m.put("goodput_per_second", c.goodputPerSecond());
        m.put("ttft_p90_ms", c.ttftP90Millis());
        m.put("itl_p90_ms", c.itlP90Millis());
        m.put("slo_attainment", c.attainment());
        m.put("fair", c.fair());
        return m;
    }
}
