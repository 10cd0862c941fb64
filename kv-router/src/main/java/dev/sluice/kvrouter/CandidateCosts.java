package dev.sluice.kvrouter;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The costs of a decision's candidates as an immutable map over two arrays the router fills, so a decision does not
 * box a cost per worker. {@link #get} scans the arrays; the entry view, for tests and diagnostics, is built on first
 * use. A worker listed twice has one cost.
 */
final class CandidateCosts extends AbstractMap<Long, Double> {
    private final long[] workers;
    private final double[] costs;
    private Map<Long, Double> entries;

    /** Takes ownership of the arrays, which must have the same length. */
    CandidateCosts(long[] workers, double[] costs) {
        this.workers = workers;
        this.costs = costs;
    }

    @Override
    public Double get(Object key) {
        if (key instanceof Long w) {
            for (int i = 0; i < workers.length; i++) {
                if (workers[i] == w) {
                    return costs[i];
                }
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public synchronized Set<Entry<Long, Double>> entrySet() {
        if (entries == null) {
            Map<Long, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < workers.length; i++) {
                m.putIfAbsent(workers[i], costs[i]);
            }
            entries = java.util.Collections.unmodifiableMap(m);
        }
        return entries.entrySet();
    }
}
