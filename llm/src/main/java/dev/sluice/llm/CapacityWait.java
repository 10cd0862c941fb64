package dev.sluice.llm;

import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Scheduler;
import dev.sluice.runtime.Waker;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A request waiting for a selector to have a free worker. Each {@link #poll} first joins the selector's bounded wait
 * list (so a worker freed meanwhile is not missed), then tries to select; while all are busy it answers empty and the
 * reader is woken when a worker may be free or the wait times out. A full wait list, or a wait past the selector's
 * {@code queueTimeout}, is refused with {@link ErrorCode#OVERLOADED}. Used by one reader at a time.
 */
final class CapacityWait {
    private final WorkerSelector selector;
    private final Scheduler scheduler;
    private final String busy;
    private final Runnable wake = this::wakeReader;
    private volatile Waker reader = Waker.NONE;
    private long deadlineNanos = Long.MIN_VALUE;
    private Scheduler.Cancellable timer = () -> {};

    /** {@code busy} describes the full pool in the refusal, e.g. "every worker of the 8192-token tier is busy". */
    CapacityWait(WorkerSelector selector, Scheduler scheduler, String busy) {
        this.selector = selector;
        this.scheduler = scheduler;
        this.busy = busy;
    }

    /** A selection, or empty while every worker is busy (the reader will be woken). */
    Optional<WorkerSelector.Selection> poll(Waker waker, Supplier<Optional<WorkerSelector.Selection>> attempt) {
        reader = waker;
        if (deadlineNanos == Long.MIN_VALUE) {
            long timeout = selector.queueTimeout().toNanos();
            deadlineNanos = scheduler.nanoTime() + timeout;
            timer = scheduler.schedule(timeout, wake);
        }
        if (!selector.awaitCapacity(wake)) {
            cancel();
            throw new SluiceException(ErrorCode.OVERLOADED, busy + " and the router's wait list is full");
        }
        Optional<WorkerSelector.Selection> chosen = attempt.get();
        if (chosen.isPresent()) {
            cancel();
            return chosen;
        }
        if (scheduler.nanoTime() - deadlineNanos >= 0) {
            cancel();
            throw new SluiceException(
                    ErrorCode.OVERLOADED,
                    busy + " after waiting " + selector.queueTimeout().toMillis() + " ms for a free worker");
        }
        return Optional.empty();
    }

    /** Leaves the wait list and stops the timer. */
    void cancel() {
        selector.stopWaiting(wake);
        timer.cancel();
    }

    private void wakeReader() {
        reader.wake();
    }
}
