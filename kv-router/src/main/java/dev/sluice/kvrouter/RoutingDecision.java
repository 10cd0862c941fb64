package dev.sluice.kvrouter;

import java.util.Map;

/** The worker chosen for a request, how many of its blocks that worker caches, and every candidate's cost. */
public record RoutingDecision(long worker, int overlapBlocks, Map<Long, Double> costs) {
    public RoutingDecision {
        costs = costs instanceof CandidateCosts ? costs : Map.copyOf(costs);
    }
}
