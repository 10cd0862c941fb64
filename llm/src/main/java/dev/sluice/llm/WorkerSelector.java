package dev.sluice.llm;

import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/** Picks one worker of a tier for a request. Implementations are thread-safe. */
@FunctionalInterface
public interface WorkerSelector {
    /** The index into {@code workers} (never empty). */
    Selection select(List<InstanceRecord> workers, PreprocessedRequest request);

    /** A choice and what the selector knows about the worker's cache for it. */
    record Selection(InstanceRecord worker, int overlapBlocks) {}

    static WorkerSelector roundRobin() {
        AtomicLong counter = new AtomicLong();
        return (workers, request) ->
                new Selection(workers.get((int) Math.floorMod(counter.getAndIncrement(), (long) workers.size())), 0);
    }

    /** Uniform choice; {@code random} must be thread-safe or confined (e.g. a {@code SplittableRandom} per call site). */
    static WorkerSelector random(RandomGenerator random) {
        return (workers, request) -> {
            synchronized (random) {
                return new Selection(workers.get(random.nextInt(workers.size())), 0);
            }
        };
    }
}
