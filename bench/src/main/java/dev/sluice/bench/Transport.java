package dev.sluice.bench;

/**
 * Sends prepared requests to the server and drives their {@link Exchange}s to an end. {@link #send} is called at the
 * request's due time and returns at once; the exchange completes later, on the transport's own threads, within the
 * per-request timeout.
 */
interface Transport extends AutoCloseable {
    /** Readies the client before the first request is due (loads its classes, opens a first connection). */
    default void prepare() {}

    void send(Exchange exchange);

    @Override
    void close();
}
