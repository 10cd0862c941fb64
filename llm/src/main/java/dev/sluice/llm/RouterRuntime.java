package dev.sluice.llm;

import dev.sluice.runtime.Scheduler;

/**
 * Where routers run: the scheduler whose clock and timers they use (waiting for a free worker, KV prediction
 * expiry), and whether KV events are indexed on the thread that delivers them. Serving indexes on each router's own
 * writer thread; a simulation indexes inline, on its one event-loop thread.
 */
public record RouterRuntime(Scheduler scheduler, boolean indexInline) {
    public static RouterRuntime serving(Scheduler scheduler) {
        return new RouterRuntime(scheduler, false);
    }

    public static RouterRuntime simulated(Scheduler scheduler) {
        return new RouterRuntime(scheduler, true);
    }
}
