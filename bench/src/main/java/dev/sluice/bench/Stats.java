package dev.sluice.bench;

import org.HdrHistogram.Histogram;

/**
 * Summary of a distribution kept in an HdrHistogram (3 significant digits, so every figure is within 0.1% of the
 * recorded value): count, mean, percentiles (p10 for throughputs, where low is bad) and maximum, in the unit the caller chose (milliseconds for latencies).
 */
public record Stats(long count, double mean, double p10, double p50, double p90, double p99, double max) {
    public static final Stats EMPTY =
            new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** A histogram for values from 1 up to any size, with 3 significant digits. */
    public static Histogram histogram() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }

    /** The summary of {@code h}, whose recorded values are divided by {@code unitsPerValue} (1e6: ns to ms). */
    public static Stats of(Histogram h, double unitsPerValue) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Stats(
                h.getTotalCount(),
                h.getMean() / unitsPerValue,
                h.getValueAtPercentile(10) / unitsPerValue,
                h.getValueAtPercentile(50) / unitsPerValue,
                h.getValueAtPercentile(90) / unitsPerValue,
                h.getValueAtPercentile(99) / unitsPerValue,
                h.getMaxValue() / unitsPerValue);
    }
}
