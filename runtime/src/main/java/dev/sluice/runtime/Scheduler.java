package dev.sluice.runtime;

import java.time.Clock;

/**
 * Where a component's timed work runs and what time it is. Serving uses real threads and the system clock
 * ({@link Schedulers#thread}); a simulation runs every component on one virtual-time event loop. Components that
 * take a scheduler never read the wall clock or start threads of their own, so the same code runs in both worlds.
 *
 * <p>Tasks given to one scheduler run one at a time, in the order they fall due (ties in submission order).
 */
public interface Scheduler {
    /** The scheduler's time. */
    Clock clock();

    /** Nanoseconds on a monotonic time line of this scheduler (virtual in a simulation). */
    long nanoTime();

    /** Runs {@code task} as soon as possible, after the tasks already due. */
    void execute(Runnable task);

    /** Runs {@code task} once {@code delayNanos} have passed; the returned handle cancels it. */
    Cancellable schedule(long delayNanos, Runnable task);

    /** A scheduled task that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
