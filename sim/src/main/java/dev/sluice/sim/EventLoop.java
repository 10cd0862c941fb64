package dev.sluice.sim;

import dev.sluice.runtime.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A discrete-event loop on virtual time: the one thread of a simulation. Tasks run in the order they fall due, ties in
 * the order they were submitted, so a run is a pure function of its inputs. Time moves only when the next task is
 * later than the current one; nothing sleeps.
 *
 * <p>Not thread-safe: every component of a simulation schedules from the loop's own thread.
 */
final class EventLoop implements Scheduler {
    /** The instant virtual time 0 stands for, so clocks and logs show a fixed date. */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final VirtualClock clock = new VirtualClock();
    private long now;
    private long submitted;
    private long executed;

    private static final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long order;
        final Runnable body;
        boolean cancelled;

        Task(long due, long order, Runnable body) {
            this.due = due;
            this.order = order;
            this.body = body;
        }

        @Override
        public int compareTo(Task o) {
            int byTime = Long.compare(due, o.due);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(new Task(now, submitted++, task));
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        Task t = new Task(now + Math.max(0, delayNanos), submitted++, task);
        queue.add(t);
        return t;
    }

    /** Runs {@code task} at virtual time {@code atNanos} (or now, if that has passed). */
    Cancellable at(long atNanos, Runnable task) {
        return schedule(atNanos - now, task);
    }

    /** Runs tasks until none is left. */
    void run() {
        for (Task t = queue.poll(); t != null; t = queue.poll()) {
            if (t.cancelled) {
                continue;
            }
            now = t.due;
            executed++;
            t.body.run();
        }
    }

    /** Tasks run so far: the simulation's events. */
    long executed() {
        return executed;
    }

    /** The loop's time as a {@link Clock}, for components that read instants and milliseconds. */
    private final class VirtualClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a simulation's clock is in UTC");
        }

        @Override
        public Instant instant() {
            return EPOCH.plusNanos(now);
        }

        @Override
        public long millis() {
            return EPOCH.toEpochMilli() + now / 1_000_000;
        }
    }
}
