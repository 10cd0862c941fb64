package dev.sluice.mocker;

/**
 * Keeps a worker's step accounting: how many steps ran, their simulated time, and how late each step's end fired
 * against its due time (the lag of a worker that cannot keep up with its own clock). Written on the worker's
 * scheduler; read anywhere.
 */
final class StepClock {
    private long dueNanos = -1;
    private volatile long count;
    private volatile double busyMillis;
    private volatile long simulatedNanos;
    private volatile long lateNanos;
    private volatile double lastLagMillis;

    void started(long nowNanos, long durationNanos, double simulatedMillis) {
        dueNanos = nowNanos + durationNanos;
        count++;
        busyMillis += simulatedMillis;
        simulatedNanos += durationNanos;
    }

    void ended(long nowNanos) {
        if (dueNanos < 0) {
            return;
        }
        long late = Math.max(0, nowNanos - dueNanos);
        lateNanos += late;
        lastLagMillis = late / 1e6;
        dueNanos = -1;
    }

    long count() {
        return count;
    }

    double busyMillis() {
        return busyMillis;
    }

    double lagFraction() {
        return simulatedNanos == 0 ? 0 : (double) lateNanos / simulatedNanos;
    }

    double lastLagMillis() {
        return lastLagMillis;
    }
}
