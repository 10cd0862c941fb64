package dev.sluice.runtime;

/**
 * Told when a stream that answered {@link Poll.Pending} may have progressed: an item arrived, the stream ended, or
 * a worker became free. The reader then polls again. Waking is cheap, may happen spuriously and must never block:
 * a blocked reader unparks its thread; a simulation schedules the reader on its event loop.
 */
@FunctionalInterface
public interface Waker {
    void wake();

    /** A waker that does nothing, for streams that are read only when known to be ready. */
    Waker NONE = () -> {};
}
