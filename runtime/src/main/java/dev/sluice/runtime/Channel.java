package dev.sluice.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-off from a producer (an engine's loop) to one consumer that reads it as a {@link ResponseStream}.
 * The producer calls {@link #send}, then {@link #finish()} or {@link #fail}; the consumer's {@link #close()} before the
 * end runs {@code onClose} once, which is how closing a stream cancels the request.
 *
 * <p>{@link #send} never blocks: an engine loop must not stall on one slow client. A full channel refuses the item
 * and the producer treats the request as cancelled. The consumer reads with {@link #next()} (blocking) or
 * {@link #poll} (the producer then wakes its {@link Waker}); the lock guards the items, the end state and the waker,
 * and a waker is called outside it.
 */
public final class Channel<T> implements ResponseStream<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;
    private final Runnable onClose;
    private boolean finished;
    private boolean closed;
    private RuntimeException failure;
    private Waker waker;

    public Channel(int capacity, Runnable onClose) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity + " must be positive");
        }
        this.capacity = capacity;
        this.onClose = onClose;
    }

    /** Offers an item; false if the consumer closed the stream or the channel is full. */
    public boolean send(T item) {
        Waker w;
        lock.lock();
        try {
            if (closed || finished || items.size() >= capacity) {
                return false;
            }
            items.add(item);
            w = takeWaker();
        } finally {
            lock.unlock();
        }
        wake(w);
        return true;
    }

    /** Ends the stream normally once buffered items are read. */
    public void finish() {
        end(null);
    }

    /** Ends the stream with an error, raised to the consumer after buffered items. */
    public void fail(RuntimeException error) {
        end(error);
    }

    private void end(RuntimeException error) {
        Waker w;
        lock.lock();
        try {
            if (!finished) {
                failure = error;
                finished = true;
            }
            w = takeWaker();
        } finally {
            lock.unlock();
        }
        wake(w);
    }

    private Waker takeWaker() {
        Waker w = waker;
        waker = null;
        return w;
    }

    private static void wake(Waker w) {
        if (w != null) {
            w.wake();
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
        return ResponseStream.await(this);
    }

    @Override
    public Poll<T> poll(Waker w) {
        lock.lock();
        try {
            if (!items.isEmpty()) {
                return Poll.item(items.poll());
            }
            if (closed) {
                return Poll.end();
            }
            if (finished) {
                if (failure != null) {
                    throw failure;
                }
                return Poll.end();
            }
            waker = w;
            return Poll.pending();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<T> nextBatch(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max " + max + " must be positive");
        }
        Optional<T> first = next();
        if (first.isEmpty()) {
            return List.of();
        }
        List<T> batch = new ArrayList<>();
        batch.add(first.get());
        lock.lock();
        try {
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
        Waker w;
        lock.lock();
        try {
            cancel = !closed && !(finished && items.isEmpty());
            closed = true;
            items.clear();
            w = takeWaker();
        } finally {
            lock.unlock();
        }
        wake(w);
        if (cancel) {
            onClose.run();
        }
    }
}
