package dev.sluice.sim;

import dev.sluice.bench.Report;
import java.util.List;
import java.util.Map;

/**
 * A deployment the planner simulated, with what it predicts: goodput, TTFT and ITL p90, each length class's SLO
 * attainment, cost, and whether it keeps every class within two points of the homogeneous deployment's attainment.
 */
public record PlanCandidate(
        String name,
        Deployment deployment,
        double cost,
        Report report,
        double goodputPerSecond,
        double ttftP90Millis,
        double itlP90Millis,
        Map<String, Double> attainment,
        boolean fair) {
    /** Goodput per unit of GPU cost. */
    public double goodputPerCost() {
        return goodputPerSecond / cost;
    }

    /** The classes whose attainment fell more than two points below {@code baseline}'s. */
    static List<String> starved(Map<String, Double> attainment, Map<String, Double> baseline) {
        return baseline.entrySet().stream()
                .filter(e -> attainment.getOrDefault(e.getKey(), 0.0) < e.getValue() - 0.02)
                .map(Map.Entry::getKey)
                .toList();
    }
}
