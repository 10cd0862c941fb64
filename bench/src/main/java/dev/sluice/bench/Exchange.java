package dev.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One request in flight: its prepared body, and what has been measured of it so far. A transport calls
 * {@link #sent}, then {@link #event} for each SSE data payload as it arrives, and finally {@link #complete} or
 * {@link #fail}; only the first ending counts. Not thread-safe: a transport drives an exchange from one thread at a
 * time (an event loop, or one virtual thread).
 */
final class Exchange {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    final int index;
    final int inputLength;
    final byte[] body;
    private final long scheduledNanos;
    private final long dueNanos;
    private final Consumer<RequestResult> done;
    private long sentNanos = -1;
    private long[] chunks = new long[32];
    private int chunkCount;
    private boolean finished;
    int outputTokens = -1;
    int cachedTokens;
    int migrations;
    List<Integer> tiers = List.of();
    List<Long> workers = List.of();
    Optional<String> streamError = Optional.empty();

    /**
     * @param scheduledNanos when the request is due, from the start of the run
     * @param dueNanos the same moment on {@link System#nanoTime()}'s clock
     */
    Exchange(
            int index, int inputLength, byte[] body, long scheduledNanos, long dueNanos, Consumer<RequestResult> done) {
        this.index = index;
        this.inputLength = inputLength;
        this.body = body;
        this.scheduledNanos = scheduledNanos;
        this.dueNanos = dueNanos;
        this.done = done;
    }

    void sent(long nowNanos) {
        sentNanos = nowNanos;
    }

    boolean finished() {
        return finished;
    }

    /** One SSE data payload that arrived at {@code nowNanos}. */
    void event(byte[] data, int length, long nowNanos) {
        if (length == DONE.length && Arrays.equals(data, 0, length, DONE, 0, length)) {
            return;
        }
        try {
            ChunkReader.read(data, length, this, nowNanos);
        } catch (java.io.IOException | RuntimeException e) {
            String text = new String(data, 0, Math.min(length, 200), StandardCharsets.UTF_8);
            streamError = Optional.of("unparseable event: " + text);
        }
    }

    /** The current event carries output text. */
    void text(long nowNanos) {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        chunks[chunkCount++] = nowNanos - dueNanos;
    }

    /** The response ended normally at {@code nowNanos}. */
    void complete(long nowNanos) {
        if (streamError.isPresent()) {
            fail(200, streamError.get(), nowNanos);
        } else if (chunkCount == 0) {
            fail(200, "the stream ended without output text", nowNanos);
        } else if (!finished) {
            finished = true;
            done.accept(new RequestResult(
                    index,
                    scheduledNanos,
                    lag(nowNanos),
                    inputLength,
                    outputTokens >= 0 ? outputTokens : chunkCount,
                    cachedTokens,
                    Arrays.copyOf(chunks, chunkCount),
                    nowNanos - dueNanos,
                    migrations,
                    tiers,
                    workers,
                    Optional.empty()));
        }
    }

    /** The request failed at {@code nowNanos}; {@code status} 0 when there was no HTTP answer. */
    void fail(int status, String message, long nowNanos) {
        if (!finished) {
            finished = true;
            done.accept(RequestResult.failed(
                    index,
                    scheduledNanos,
                    lag(nowNanos),
                    inputLength,
                    nowNanos - dueNanos,
                    new RequestResult.Failure(status, message)));
        }
    }

    private long lag(long nowNanos) {
        return (sentNanos < 0 ? nowNanos : sentNanos) - dueNanos;
    }
}
