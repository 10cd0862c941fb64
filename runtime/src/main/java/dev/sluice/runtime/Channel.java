package dev.sluice.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-off from a producer (an engine's loop) to one consumer that reads it as a {@link ResponseStream}.
 * The producer calls {@link #send}, then {@link #finish()} or {@link #fail}; the consumer's {@link #close()} before the
 * end runs {@code onClose} once, which is how closing a stream cancels the request.
 *
 * <p>{@link #send} never blocks: an engine loop must not stall on one slow client. A full channel refuses the item
 * and the producer treats the request as cancelled.
 */
public final class Channel<T> implements ResponseStream<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;
    private final Runnable onClose;
    private boolean finished;
    private boolean closed;
    private RuntimeException failure;

    public Channel(int capacity, Runnable onClose) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity + " must be positive");
        }
        this.capacity = capacity;
        this.onClose = onClose;
    }

    /** Offers an item; false if the consumer closed the stream or the channel is full. */
    public boolean send(T item) {
        lock.lock();
        try {
            if (closed || finished || items.size() >= capacity) {
                return false;
            }
            items.add(item);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream normally once buffered items are read. */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream with an error, raised to the consumer after buffered items. */
    public void fail(RuntimeException error) {
        lock.lock();
        try {
            if (!finished) {
                failure = error;
                finished = true;
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the producer has ended the stream (normally or with an error). */
    public boolean isFinished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<T> next() {
        lock.lock();
        try {
            while (items.isEmpty() && !finished && !closed) {
                notEmpty.awaitUninterruptibly();
            }
            if (!items.isEmpty()) {
                return Optional.of(items.poll());
            }
            if (failure != null && !closed) {
                throw failure;
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<T> nextBatch(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max " + max + " must be positive");
        }
        lock.lock();
        try {
            while (items.isEmpty() && !finished && !closed) {
                notEmpty.awaitUninterruptibly();
            }
            if (items.isEmpty()) {
                if (failure != null && !closed) {
                    throw failure;
                }
                return List.of();
            }
            List<T> batch = new ArrayList<>(Math.min(max, items.size()));
            while (batch.size() < max && !items.isEmpty()) {
                batch.add(items.poll());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        boolean cancel;
        lock.lock();
        try {
            cancel = !closed && !(finished && items.isEmpty());
            closed = true;
            items.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        if (cancel) {
            onClose.run();
        }
    }
}
