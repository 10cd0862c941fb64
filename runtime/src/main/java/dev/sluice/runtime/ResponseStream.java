package dev.sluice.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A blocking pull stream of responses, consumed on a virtual thread. {@link #next()} blocks until the next item,
 * returns empty at the end, and throws {@link StreamBrokenException} when the producer failed. {@link #close()} before
 * the end cancels the request all the way down; closing twice or after the end is harmless.
 */
public interface ResponseStream<T> extends AutoCloseable {
    Optional<T> next();

    /**
     * Blocks like {@link #next()} for the first item, then adds the items that are ready without waiting, at most
     * {@code max} in all; empty at the end. A transport sends them together. The default returns one item.
     */
    default List<T> nextBatch(int max) {
        return next().map(List::of).orElse(List.of());
    }

    @Override
    void close();

    /** A stream over fixed items. */
    static <T> ResponseStream<T> of(List<T> items) {
        Iterator<T> it = List.copyOf(items).iterator();
        return new ResponseStream<>() {
            @Override
            public Optional<T> next() {
                return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
            }

            @Override
            public void close() {}
        };
    }

    /** A stream that applies {@code f} to each item; closing it closes this one. */
    default <R> ResponseStream<R> map(Function<? super T, ? extends R> f) {
        ResponseStream<T> self = this;
        return new ResponseStream<>() {
            @Override
            public Optional<R> next() {
                return self.next().map(f);
            }

            @Override
            public List<R> nextBatch(int max) {
                List<T> batch = self.nextBatch(max);
                List<R> out = new ArrayList<>(batch.size());
                batch.forEach(item -> out.add(f.apply(item)));
                return out;
            }

            @Override
            public void close() {
                self.close();
            }
        };
    }

    /** Drains the stream into a list and closes it. */
    default List<T> toList() {
        try (this) {
            List<T> out = new ArrayList<>();
            for (Optional<T> item = next(); item.isPresent(); item = next()) {
                out.add(item.get());
            }
            return out;
        }
    }
}
