package dev.sluice.llm;

import dev.sluice.runtime.Engine;

/** An engine that holds resources (router threads, timers, event-bus subscriptions) until it is closed. */
public interface ClosableEngine<Req, Resp> extends Engine<Req, Resp>, AutoCloseable {
    /** Releases the engine's resources; idempotent. Requests already started may fail. */
    @Override
    void close();
}
