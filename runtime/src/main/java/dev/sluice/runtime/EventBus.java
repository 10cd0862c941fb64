package dev.sluice.runtime;

import java.util.function.Consumer;

/**
 * Fire-and-forget events (KV cache changes, load reports) by subject. A subject ending in {@code .>} subscribes to
 * everything below it, as in NATS. Delivery to one subscription is in publish order and never overlaps. Embedded in
 * one JVM, or NATS when distributed.
 */
public interface EventBus extends AutoCloseable {
    void publish(String subject, byte[] payload);

    Subscription subscribe(String subject, Consumer<byte[]> handler);

    /**
     * Runs {@code callback} each time the bus reconnects after losing its server (events published meanwhile are
     * lost, so a subscriber may ask for a snapshot). Never called by an in-process bus. Closing the returned
     * subscription unregisters the callback.
     */
    default Subscription onReconnect(Runnable callback) {
        return () -> {};
    }

    @Override
    void close();

    /** A subscription; closing it stops delivery. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
