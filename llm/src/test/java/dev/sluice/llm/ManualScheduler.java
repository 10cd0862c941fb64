package dev.sluice.llm;

import dev.sluice.runtime.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** A scheduler whose time moves only when a test says so; due tasks run in {@link #advance}, on the test's thread. */
final class ManualScheduler implements Scheduler {
    private record Task(long dueNanos, long seq, Runnable run) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public Clock clock() {
        return Clock.fixed(Instant.ofEpochSecond(0).plusNanos(now), ZoneOffset.UTC);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        Task t = new Task(now + delayNanos, seq++, task);
        tasks.add(t);
        return () -> tasks.remove(t);
    }

    /** Moves time forward by {@code nanos}, running every task that falls due on the way. */
    void advance(long nanos) {
        long until = now + nanos;
        while (!tasks.isEmpty() && tasks.peek().dueNanos <= until) {
            Task t = tasks.poll();
            now = Math.max(now, t.dueNanos);
            t.run.run();
        }
        now = until;
    }

    int pending() {
        return tasks.size();
    }
}
