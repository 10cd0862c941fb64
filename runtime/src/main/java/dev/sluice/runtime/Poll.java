package dev.sluice.runtime;

import java.util.Optional;

/**
 * What a non-blocking read of a {@link ResponseStream} found: an item, the end of the stream, or nothing yet. On
 * {@link Pending} the stream has arranged for the reader's {@link Waker} to be called when it may have progressed.
 */
public sealed interface Poll<T> {
    record Item<T>(T item) implements Poll<T> {}

    record End<T>() implements Poll<T> {}

    record Pending<T>() implements Poll<T> {}

    static <T> Poll<T> item(T item) {
        return new Item<>(item);
    }

    @SuppressWarnings("unchecked")
    static <T> Poll<T> end() {
        return (Poll<T>) END;
    }

    @SuppressWarnings("unchecked")
    static <T> Poll<T> pending() {
        return (Poll<T>) PENDING;
    }

    /** The poll equivalent of a blocking read's answer. */
    static <T> Poll<T> of(Optional<T> item) {
        return item.isPresent() ? item(item.get()) : end();
    }

    Poll<?> END = new End<>();
    Poll<?> PENDING = new Pending<>();
}
