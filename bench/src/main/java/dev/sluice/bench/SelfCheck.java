package dev.sluice.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Whether the figures describe the server rather than the client: the client's CPU time, and the send lag (from
 * scheduled to the client starting to send it). The client kept up when send lag p99 is at most {@link #MAX_SEND_LAG_P99_MILLIS}; a request
 * held back by the concurrency limit also lags, which the verdict says apart.
 *
 * @param client the client that sent the requests
 * @param cpuSeconds CPU time of the client process over the run
 * @param cpuShareOfOneCore that time divided by the run's duration (1.0 = one core busy throughout)
 * @param cpuMillisPerThousandTokens client CPU per 1,000 streamed output tokens
 * @param sendLagMillis send lag of every request
 * @param delayedByConcurrencyLimit requests that waited for a slot under the concurrency limit
 * @param keptUp whether send lag p99 stayed within the threshold
 * @param verdict one line saying so
 */
public record SelfCheck(
        String client,
        double cpuSeconds,
        double cpuShareOfOneCore,
        double cpuMillisPerThousandTokens,
        Stats sendLagMillis,
        long delayedByConcurrencyLimit,
        boolean keptUp,
        String verdict) {
    public static final double MAX_SEND_LAG_P99_MILLIS = 10;
    /** Below this share of one core a lagging client was starved rather than busy. */
    static final double BUSY_SHARE = 0.5;

    static SelfCheck of(List<RequestResult> results, double seconds, ClientUsage client) {
        Histogram lag = Stats.histogram();
        results.forEach(r -> lag.recordValue(Math.max(0, r.sendLagNanos())));
        Stats lagMillis = Stats.of(lag, 1e6);
        long tokens = results.stream()
                .filter(RequestResult::ok)
                .mapToLong(RequestResult::outputTokens)
                .sum();
        double cpu = client.cpuNanos() / 1e9;
        boolean keptUp = !(lagMillis.p99() > MAX_SEND_LAG_P99_MILLIS);
        String verdict;
        if (keptUp) {
            verdict = String.format(
                    "the client kept up: send lag p99 %.2f ms <= %.0f ms", lagMillis.p99(), MAX_SEND_LAG_P99_MILLIS);
        } else if (client.delayedByConcurrencyLimit() > 0) {
            verdict = String.format(
                    "THE CLIENT DID NOT KEEP UP: send lag p99 %.1f ms > %.0f ms; %d requests waited for the"
                            + " concurrency limit (--max-concurrency), so latencies include that wait",
                    lagMillis.p99(), MAX_SEND_LAG_P99_MILLIS, client.delayedByConcurrencyLimit());
        } else if (cpu / seconds < BUSY_SHARE) {
            verdict = String.format(
                    "THE CLIENT DID NOT KEEP UP: send lag p99 %.1f ms > %.0f ms while it used only %.0f%% of a core:"
                            + " it was starved of CPU (other processes on this machine?), so latencies include that"
                            + " wait",
                    lagMillis.p99(), MAX_SEND_LAG_P99_MILLIS, 100 * cpu / seconds);
        } else {
            verdict = String.format(
                    "THE CLIENT DID NOT KEEP UP: send lag p99 %.1f ms > %.0f ms at %.0f%% of a core; the figures"
                            + " describe the client, not the server",
                    lagMillis.p99(), MAX_SEND_LAG_P99_MILLIS, 100 * cpu / seconds);
        }
        return new SelfCheck(
                client.client(),
                cpu,
                cpu / seconds,
                tokens == 0 ? Double.NaN : client.cpuNanos() / 1e6 / (tokens / 1000.0),
                lagMillis,
                client.delayedByConcurrencyLimit(),
                keptUp,
                verdict);
    }
}
