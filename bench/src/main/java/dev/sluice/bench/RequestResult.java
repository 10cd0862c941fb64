package dev.sluice.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one request measured, as raw times and counts: everything a {@link Report} needs and nothing about how the
 * request travelled, so that {@code sluice bench} and a simulator produce the same records.
 *
 * <p>{@code scheduledNanos} counts from the start of the run; every other time counts from {@code scheduledNanos},
 * the moment the request was due. Latencies therefore include any delay in sending it (no coordinated omission), and
 * {@code sendLagNanos} says how much of that was the client's (or the concurrency limit's) doing; opening a
 * connection counts as the server's time, since a server that is slow to accept delays the user too.
 *
 * @param index position of the request in the workload
 * @param scheduledNanos when the request was due, from the start of the run
 * @param sendLagNanos from due to the moment the client started sending it (took a connection, or began to open one)
 * @param inputLength prompt length in tokens, as the workload asked for
 * @param outputTokens completion tokens the server reported (usage), or the number of text events if it did not
 * @param cachedTokens prompt tokens the server reported as served from its prefix cache
 * @param chunkNanos arrival of each streamed event that carried output text, from due; the first is the TTFT
 * @param endNanos when the response ended (or the request failed), from due
 * @param migrations times the request moved between workers (Sluice servers)
 * @param tiers the decode tiers that served it (Sluice servers)
 * @param workers the workers that served it (Sluice servers)
 * @param failure why the request failed, if it did
 */
public record RequestResult(
        int index,
        long scheduledNanos,
        long sendLagNanos,
        int inputLength,
        int outputTokens,
        int cachedTokens,
        long[] chunkNanos,
        long endNanos,
        int migrations,
        List<Integer> tiers,
        List<Long> workers,
        Optional<Failure> failure) {

    /**
     * Why a request failed. {@code status} is the HTTP status, 200 for an error event inside a stream, and 0 when
     * there was no answer (connection refused or reset, timeout). Equal status and message are counted together.
     */
    public record Failure(int status, String message) {}

    public RequestResult {
        chunkNanos = chunkNanos.clone();
        tiers = List.copyOf(tiers);
        workers = List.copyOf(workers);
        if (failure.isEmpty() && chunkNanos.length == 0) {
            throw new IllegalArgumentException("request " + index + " succeeded without any output text");
        }
    }

    /** A request that failed after {@code endNanos} from due. */
    public static RequestResult failed(
            int index, long scheduledNanos, long sendLagNanos, int inputLength, long endNanos, Failure failure) {
        return new RequestResult(
                index,
                scheduledNanos,
                sendLagNanos,
                inputLength,
                0,
                0,
                new long[0],
                endNanos,
                0,
                List.of(),
                List.of(),
                Optional.of(failure));
    }

    public boolean ok() {
        return failure.isEmpty();
    }

    @Override
    public long[] chunkNanos() {
        return chunkNanos.clone();
    }

    /** Time to first token, from due; only for successful requests. */
    public long ttftNanos() {
        return chunkNanos[0];
    }

    /**
     * Inter-token latency of this request as AIPerf and vLLM define it (vLLM calls it TPOT): (E2E - TTFT) / (output
     * tokens - 1). NaN when the request produced fewer than two tokens.
     */
    public double itlNanos() {
        return ok() && outputTokens > 1 ? (double) (endNanos - ttftNanos()) / (outputTokens - 1) : Double.NaN;
    }

    /** The gaps between consecutive text events as the client saw them, in nanoseconds. */
    public long[] gapNanos() {
        long[] gaps = new long[Math.max(0, chunkNanos.length - 1)];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = chunkNanos[i + 1] - chunkNanos[i];
        }
        return gaps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestResult r
                && r.index == index
                && r.scheduledNanos == scheduledNanos
                && r.sendLagNanos == sendLagNanos
                && r.inputLength == inputLength
                && r.outputTokens == outputTokens
                && r.cachedTokens == cachedTokens
                && Arrays.equals(r.chunkNanos, chunkNanos)
                && r.endNanos == endNanos
                && r.migrations == migrations
                && r.tiers.equals(tiers)
                && r.workers.equals(workers)
                && r.failure.equals(failure);
    }

    @Override
    public int hashCode() {
        return (index * 31 + Long.hashCode(scheduledNanos)) * 31 + Arrays.hashCode(chunkNanos);
    }

    @Override
    public String toString() {
        return "RequestResult[#" + index + ", due " + scheduledNanos + " ns, lag " + sendLagNanos + " ns, in="
                + inputLength + ", out=" + outputTokens + ", chunks=" + chunkNanos.length + ", end " + endNanos
                + " ns" + failure.map(f -> ", failed " + f).orElse("") + "]";
    }
}
