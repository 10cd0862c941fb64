package dev.sluice.runtime;

import java.time.Clock;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Schedulers for serving: one named thread on the system clock. */
public final class Schedulers {
    private static final Logger LOG = Logger.getLogger(Schedulers.class.getName());

    private Schedulers() {}

    /**
     * The system clock with no thread: for components built where nothing ever waits (tests with selectors that are
     * never busy). Running a task on it is a programming error.
     */
    public static Scheduler unscheduled() {
        return UNSCHEDULED;
    }

    private static final Scheduler UNSCHEDULED = new Scheduler() {
        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void execute(Runnable task) {
            throw new IllegalStateException("this component was built without a scheduler");
        }

        @Override
        public Cancellable schedule(long delayNanos, Runnable task) {
            throw new IllegalStateException("this component was built without a scheduler");
        }
    };

    /** A scheduler with its own named daemon thread; close it to stop the thread. */
    public static ThreadScheduler thread(String name) {
        return new ThreadScheduler(name);
    }

    /** A {@link Scheduler} on one platform thread; a failing task is logged and the thread goes on. */
    public static final class ThreadScheduler implements Scheduler, AutoCloseable {
        private final ScheduledThreadPoolExecutor executor;

        private ThreadScheduler(String name) {
            executor = new ScheduledThreadPoolExecutor(
                    1, r -> Thread.ofPlatform().daemon().name(name).unstarted(r));
            executor.setRemoveOnCancelPolicy(true);
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void execute(Runnable task) {
            try {
                executor.execute(guarded(task));
            } catch (RejectedExecutionException e) {
                // closed: the task is dropped, as a stopped worker drops its requests
            }
        }

        @Override
        public Cancellable schedule(long delayNanos, Runnable task) {
            try {
                ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            } catch (RejectedExecutionException e) {
                return () -> {};
            }
        }

        private static Runnable guarded(Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "scheduled task failed", e);
                }
            };
        }

        /** Stops the thread after the running task; pending tasks are dropped. Waits up to 5 s. */
        @Override
        public void close() {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
