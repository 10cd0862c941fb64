package dev.sluice.kvrouter;

import dev.sluice.protocol.Json;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link RadixIndex} with one writer: event batches go into a bounded queue that a named thread applies, each
 * batch under the write lock, so a query (under the read lock) never sees half an event. A full queue drops the
 * batch and counts it; the router then under-estimates overlap for a moment, which costs a cache hit, never
 * correctness. A gap in a worker's event ids is reported to {@code onGap} so the caller can resynchronise it.
 */
public final class KvIndexer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KvIndexer.class.getName());

    private final RadixIndex index = new RadixIndex();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final BlockingQueue<Object> queue;
    private final LongConsumer onGap;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final String name;
    private volatile boolean running;
    private Thread writer;

    public KvIndexer(String name, int queueCapacity, LongConsumer onGap) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.onGap = onGap;
    }

    public synchronized void start() {
        if (!running) {
            running = true;
            writer = Thread.ofPlatform().daemon().name("kv-indexer-" + name).start(this::run);
        }
    }

    /** Queues a batch; false (and counted) when the queue is full. */
    public boolean submit(WorkerKvEvents events) {
        return offer(events);
    }

    /** Queues a JSON-encoded batch, decoded on the writer thread so the publisher pays nothing for it. */
    public boolean submitEncoded(byte[] json) {
        return offer(json);
    }

    private boolean offer(Object batch) {
        if (queue.offer(batch)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    private void run() {
        while (running) {
            try {
                Object batch = queue.poll(100, TimeUnit.MILLISECONDS);
                if (batch instanceof WorkerKvEvents events) {
                    applyNow(events);
                } else if (batch instanceof byte[] json) {
                    applyNow(Json.decode(json, WorkerKvEvents.class));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "kv indexer " + name + " failed to apply a batch", e);
            }
        }
    }

    /** Applies a batch on the caller's thread (tests, and the writer). */
    public void applyNow(WorkerKvEvents batch) {
        lock.writeLock().lock();
        try {
            for (KvEvent e : batch.events()) {
                if (index.apply(batch.workerId(), e) == RadixIndex.Applied.AFTER_GAP) {
                    onGap.accept(batch.workerId());
                }
                applied.incrementAndGet();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public OverlapScores findMatches(long[] localHashes) {
        lock.readLock().lock();
        try {
            return index.findMatches(localHashes);
        } finally {
            lock.readLock().unlock();
        }
    }

    public void removeWorker(long worker) {
        lock.writeLock().lock();
        try {
            index.removeWorker(worker);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Waits until every queued batch has been applied (tests). */
    public void awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        lock.writeLock().lock();
        lock.writeLock().unlock();
    }

    public long droppedBatches() {
        return dropped.get();
    }

    public long appliedEvents() {
        return applied.get();
    }

    @Override
    public void close() {
        running = false;
        if (writer != null) {
            writer.interrupt();
        }
    }
}
