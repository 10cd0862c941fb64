package dev.sluice.llm;

import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Picks one worker of a tier for a request. A selector that knows load (the KV router) may find every worker busy:
 * {@link #trySelect} then answers empty and the caller waits for capacity ({@link #awaitCapacity}) for at most
 * {@link #queueTimeout()}. Selectors that track load are told when the placement's first token arrives and when it
 * ends, however it ends. A selector that holds resources (a KV router's thread, event-bus subscriptions) releases them
 * on {@link #close}. Implementations are thread-safe.
 */
public interface WorkerSelector extends AutoCloseable {
    /**
     * Chooses among {@code workers} (never empty), or empty when all are busy; {@code placementId} names this
     * placement until it ends.
     */
    Optional<Selection> trySelect(List<InstanceRecord> workers, PreprocessedRequest request, String placementId);

    /**
     * Asks for {@code wake} to run once when a busy worker may have become free; false when the selector's wait list
     * is full. Selectors that are never busy are never asked.
     */
    default boolean awaitCapacity(Runnable wake) {
        return true;
    }

    /** Withdraws a callback given to {@link #awaitCapacity}. */
    default void stopWaiting(Runnable wake) {}

    /** How long a request may wait for a free worker before it is refused. */
    default Duration queueTimeout() {
        return Duration.ZERO;
    }

    default void firstToken(String placementId) {}

    default void finished(String placementId) {}

    @Override
    default void close() {}

    /** A choice and how many of the request's KV blocks the chosen worker already caches. */
    record Selection(InstanceRecord worker, int overlapBlocks) {}

    static WorkerSelector roundRobin() {
        AtomicLong counter = new AtomicLong();
        return (workers, request, id) -> Optional.of(
                new Selection(workers.get((int) Math.floorMod(counter.getAndIncrement(), (long) workers.size())), 0));
    }

    /** Uniform choice. */
    static WorkerSelector random(RandomGenerator random) {
        return (workers, request, id) -> {
            synchronized (random) {
                return Optional.of(new Selection(workers.get(random.nextInt(workers.size())), 0));
            }
        };
    }
}
