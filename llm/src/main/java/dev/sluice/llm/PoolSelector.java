package dev.sluice.llm;

import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The selector of a pool whose workers announce their KV block size only when they register (the prefill pool): the
 * real selector is built for the block size of the pool's workers on the first selection, rebuilt when a pool of
 * another block size replaces it, and closed when the pool empties ({@link #poolChanged}). {@code current} and
 * {@code blockSizeTokens} are guarded by this object's lock; the delegate's own calls run outside it.
 */
final class PoolSelector implements WorkerSelector {
    private final IntFunction<WorkerSelector> byBlockSize;
    private final Duration queueTimeout;
    private WorkerSelector current;
    private int blockSizeTokens;
    private boolean closed;

    /** @param byBlockSize builds the selector for workers of a block size, in tokens */
    PoolSelector(IntFunction<WorkerSelector> byBlockSize, Duration queueTimeout) {
        this.byBlockSize = byBlockSize;
        this.queueTimeout = queueTimeout;
    }

    @Override
    public Optional<Selection> trySelect(
            List<InstanceRecord> workers, PreprocessedRequest request, String placementId) {
        if (workers.isEmpty()) {
            return Optional.empty(); // the pool emptied under a waiting request: it waits for one to return
        }
        return selectorFor(workers.getFirst().metadata().kvBlockSize()).trySelect(workers, request, placementId);
    }

    private synchronized WorkerSelector selectorFor(int blockSize) {
        if (closed) {
            throw new IllegalStateException("the pool's selector is closed");
        }
        if (current == null || blockSize != blockSizeTokens) {
            if (current != null) {
                current.close();
            }
            current = byBlockSize.apply(blockSize);
            blockSizeTokens = blockSize;
        }
        return current;
    }

    private synchronized Optional<WorkerSelector> current() {
        return Optional.ofNullable(current);
    }

    /** The block size of the selector built now, if any (tests). */
    synchronized Optional<Integer> blockSizeTokens() {
        return current == null ? Optional.empty() : Optional.of(blockSizeTokens);
    }

    /** The pool changed: an empty pool no longer needs its selector. */
    synchronized void poolChanged(boolean empty) {
        if (empty && current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public boolean awaitCapacity(Runnable wake) {
        return current().map(s -> s.awaitCapacity(wake)).orElse(true);
    }

    @Override
    public void stopWaiting(Runnable wake) {
        current().ifPresent(s -> s.stopWaiting(wake));
    }

    @Override
    public Duration queueTimeout() {
        return current().map(WorkerSelector::queueTimeout).orElse(queueTimeout);
    }

    @Override
    public void firstToken(String placementId) {
        current().ifPresent(s -> s.firstToken(placementId));
    }

    @Override
    public void finished(String placementId) {
        current().ifPresent(s -> s.finished(placementId));
    }

    @Override
    public synchronized void close() {
        closed = true;
        poolChanged(true);
    }
}
