package dev.sluice.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/** Computes one {@link Report.Bucket} from the results that fall into it. */
final class Buckets {
    private static final double NANOS_PER_MILLI = 1e6;
    /** Per-user throughput is recorded in thousandths of a token per second. */
    private static final double MILLI_TOKENS = 1e3;

    private Buckets() {}

    static Report.Bucket of(List<RequestResult> rs, double seconds, Report.Slo slo) {
        Histogram ttft = Stats.histogram();
        Histogram itl = Stats.histogram();
        Histogram gaps = Stats.histogram();
        Histogram e2e = Stats.histogram();
        Histogram perUser = Stats.histogram();
        int ok = 0;
        long good = 0;
        long outputTokens = 0;
        long inputTokens = 0;
        long cached = 0;
        int migrations = 0;
        for (RequestResult r : rs) {
            if (!r.ok()) {
                continue;
            }
            ok++;
            ttft.recordValue(r.ttftNanos());
            e2e.recordValue(r.endNanos());
            for (long g : r.gapNanos()) {
                gaps.recordValue(g);
            }
            double itlNanos = r.itlNanos();
            if (!Double.isNaN(itlNanos)) {
                itl.recordValue(Math.round(itlNanos));
                perUser.recordValue(Math.round(1e9 / Math.max(1, itlNanos) * MILLI_TOKENS));
            }
            if (meets(r, slo)) {
                good++;
            }
            outputTokens += r.outputTokens();
            inputTokens += r.inputLength();
            cached += r.cachedTokens();
            migrations += r.migrations();
        }
        return new Report.Bucket(
                rs.size(),
                rs.size() - ok,
                Stats.of(ttft, NANOS_PER_MILLI),
                Stats.of(itl, NANOS_PER_MILLI),
                Stats.of(gaps, NANOS_PER_MILLI),
                Stats.of(e2e, NANOS_PER_MILLI),
                Stats.of(perUser, MILLI_TOKENS),
                ok / seconds,
                outputTokens / seconds,
                good / seconds,
                rs.isEmpty() ? Double.NaN : (double) good / rs.size(),
                inputTokens == 0 ? 0 : (double) cached / inputTokens,
                migrations);
    }

    static boolean meets(RequestResult r, Report.Slo slo) {
        double itl = r.itlNanos();
        return r.ttftNanos() <= slo.ttftMillis() * NANOS_PER_MILLI
                && (Double.isNaN(itl) || itl <= slo.itlMillis() * NANOS_PER_MILLI);
    }
}
