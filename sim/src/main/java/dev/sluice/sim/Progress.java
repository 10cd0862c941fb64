package dev.sluice.sim;

import java.io.PrintStream;

/** A progress line on stderr, at most every half second of real time: requests done and virtual time reached. */
final class Progress {
    private final PrintStream out;
    private final int total;
    private final long realStartNanos;
    private int done;
    private long lastPrintNanos;

    Progress(PrintStream out, int total, long realStartNanos) {
        this.out = out;
        this.total = total;
        this.realStartNanos = realStartNanos;
        this.lastPrintNanos = realStartNanos;
    }

    void done(long virtualNanos) {
        done++;
        long now = System.nanoTime();
        if (now - lastPrintNanos > 500_000_000L) {
            lastPrintNanos = now;
            print(virtualNanos, now);
        }
    }

    void finish(long virtualNanos) {
        print(virtualNanos, System.nanoTime());
        out.println();
    }

    private void print(long virtualNanos, long now) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        out.printf(
                "\r[%s%s] %d/%d requests, %.0f s simulated in %.1f s",
                "#".repeat(filled),
                ".".repeat(width - filled),
                done,
                total,
                virtualNanos / 1e9,
                (now - realStartNanos) / 1e9);
        out.flush();
    }
}
