package dev.sluice.llm;

import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Picks one worker of a tier for a request. Selectors that track load (the KV router) are told when the placement's
 * first token arrives and when it ends, however it ends. Implementations are thread-safe.
 */
public interface WorkerSelector {
    /** Chooses among {@code workers} (never empty); {@code placementId} names this placement until it ends. */
    Selection select(List<InstanceRecord> workers, PreprocessedRequest request, String placementId);

    default void firstToken(String placementId) {}

    default void finished(String placementId) {}

    /** A choice and how many of the request's KV blocks the chosen worker already caches. */
    record Selection(InstanceRecord worker, int overlapBlocks) {}

    static WorkerSelector roundRobin() {
        AtomicLong counter = new AtomicLong();
        return (workers, request, id) ->
                new Selection(workers.get((int) Math.floorMod(counter.getAndIncrement(), (long) workers.size())), 0);
    }

    /** Uniform choice. */
    static WorkerSelector random(RandomGenerator random) {
        return (workers, request, id) -> {
            synchronized (random) {
                return new Selection(workers.get(random.nextInt(workers.size())), 0);
            }
        };
    }
}
