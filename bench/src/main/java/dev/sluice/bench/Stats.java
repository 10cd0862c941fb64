package dev.sluice.bench;

import java.util.Arrays;
import java.util.Collection;

/** Summary statistics of a sample: percentiles by linear interpolation between closest ranks (as numpy's default). */
public record Stats(int count, double mean, double p50, double p90, double p99, double max) {
    public static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Stats of(Collection<Double> values) {
        double[] v = values.stream()
                .filter(d -> !Double.isNaN(d))
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        if (v.length == 0) {
            return EMPTY;
        }
        return new Stats(
                v.length,
                Arrays.stream(v).average().orElseThrow(),
                percentile(v, 50),
                percentile(v, 90),
                percentile(v, 99),
                v[v.length - 1]);
    }

    /** The p-th percentile of sorted values. */
    public static double percentile(double[] sorted, double p) {
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
