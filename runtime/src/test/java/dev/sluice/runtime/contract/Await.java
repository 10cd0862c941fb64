package dev.sluice.runtime.contract;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for asynchronous implementations (a distributed seam delivers on its own threads). */
public final class Await {
    private Await() {}

    public static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
