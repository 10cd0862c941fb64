package dev.sluice.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A pull stream of responses. {@link #next()} blocks until the next item (it is consumed on a virtual thread),
 * returns empty at the end, and throws {@link StreamBrokenException} when the producer failed. {@link #close()} before
 * the end cancels the request all the way down; closing twice or after the end is harmless.
 *
 * <p>Streams of the routing path also answer {@link #poll(Waker)} without blocking, which is how one thread drives
 * thousands of requests in a simulation. Such a stream implements {@code poll} and takes {@code next} from
 * {@link #await(ResponseStream)}, so both kinds of reader run the same code. Streams that can only block (a remote
 * call) keep the default {@code poll}, which blocks.
 */
public interface ResponseStream<T> extends AutoCloseable {
    Optional<T> next();

    /**
     * The next item, the end, or {@link Poll.Pending} after arranging for {@code waker} to be called once the stream
     * may have progressed. Throws as {@link #next()} does. The default blocks in {@link #next()}.
     */
    default Poll<T> poll(Waker waker) {
        return Poll.of(next());
    }

    /** A blocking read of a stream that implements {@link #poll}: polls, and parks the thread while pending. */
    static <T> Optional<T> await(ResponseStream<T> stream) {
        Thread reader = Thread.currentThread();
        Waker unpark = () -> LockSupport.unpark(reader);
        while (true) {
            switch (stream.poll(unpark)) {
                case Poll.Item<T> item -> {
                    return Optional.of(item.item());
                }
                case Poll.End<T> end -> {
                    return Optional.empty();
                }
                case Poll.Pending<T> pending -> LockSupport.park(stream);
            }
        }
    }

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
            public Poll<T> poll(Waker waker) {
                return Poll.of(next());
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
            public Poll<R> poll(Waker waker) {
                return switch (self.poll(waker)) {
                    case Poll.Item<T> item -> Poll.item(f.apply(item.item()));
                    case Poll.End<T> end -> Poll.end();
                    case Poll.Pending<T> pending -> Poll.pending();
                };
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
