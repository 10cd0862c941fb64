package dev.sluice.bench;

import java.util.Arrays;

/**
 * One request of a workload: when it is sent (ms from the start), how long its prompt and completion are, and the
 * ids of its 512-token prompt blocks (equal ids mean equal blocks, so shared prefixes hit the cache).
 */
public record TraceRequest(long timestampMillis, int inputLength, int outputLength, long[] hashIds) {
    public TraceRequest {
        if (inputLength <= 0) {
            throw new IllegalArgumentException("input_length " + inputLength + " must be positive");
        }
        if (outputLength <= 0) {
            throw new IllegalArgumentException("output_length " + outputLength + " must be positive");
        }
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("timestamp " + timestampMillis + " is negative");
        }
        hashIds = hashIds.clone();
    }

    @Override
    public long[] hashIds() {
        return hashIds.clone();
    }

    long hashId(int i) {
        return hashIds[i];
    }

    int blocks() {
        return hashIds.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceRequest t
                && t.timestampMillis == timestampMillis
                && t.inputLength == inputLength
                && t.outputLength == outputLength
                && Arrays.equals(t.hashIds, hashIds);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestampMillis) * 31 + inputLength;
    }

    @Override
    public String toString() {
        return "TraceRequest[t=" + timestampMillis + "ms, in=" + inputLength + ", out=" + outputLength + ", blocks="
                + hashIds.length + "]";
    }
}
