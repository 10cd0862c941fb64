package dev.sluice.bench;

import java.util.List;
import java.util.Optional;

/** What one request measured: latencies in milliseconds, token counts, what the server reported, or the error. */
public record RequestResult(
        long sentAtMillis,
        int inputLength,
        int outputTokens,
        int cachedTokens,
        double ttftMillis,
        List<Double> itlMillis,
        double e2eMillis,
        int migrations,
        List<Integer> tiers,
        List<Long> workers,
        Optional<String> error) {
    public RequestResult {
        itlMillis = List.copyOf(itlMillis);
        tiers = List.copyOf(tiers);
        workers = List.copyOf(workers);
    }

    public boolean ok() {
        return error.isEmpty();
    }

    /** A request that ended in {@code error} after {@code e2e} ms. */
    public static RequestResult failed(long sentAt, int inputLength, double e2e, String error) {
        return new RequestResult(
                sentAt, inputLength, 0, 0, Double.NaN, List.of(), e2e, 0, List.of(), List.of(), Optional.of(error));
    }
}
