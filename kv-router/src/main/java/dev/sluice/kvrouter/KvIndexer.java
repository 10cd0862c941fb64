package dev.sluice.kvrouter;

import dev.sluice.protocol.EventCodec;
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
 *
 * <p>{@code pending} counts batches accepted and not yet applied (queued, or taken off the queue and being decoded or
 * applied): it is incremented before a batch enters the queue and decremented only once the batch is applied or has
 * failed, so {@link #awaitIdle} never mistakes an empty queue for an idle writer.
 *
 * <p>An indexer made by {@link #inline} has no thread: batches are applied on the submitting thread, which is how a
 * single-threaded simulation keeps the index exactly in step with its virtual clock.
 */
public final class KvIndexer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KvIndexer.class.getName());

    private final RadixIndex index = new RadixIndex();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final BlockingQueue<Object> queue;
    private final LongConsumer onGap;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final String name;
    private final boolean inline;
    private volatile boolean running;
    private Thread writer;

    public KvIndexer(String name, int queueCapacity, LongConsumer onGap) {
        this(name, queueCapacity, onGap, false);
    }

    private KvIndexer(String name, int queueCapacity, LongConsumer onGap, boolean inline) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.onGap = onGap;
        this.inline = inline;
    }

    /** An indexer that applies every batch on the thread that submits it. */
    public static KvIndexer inline(String name, LongConsumer onGap) {
        return new KvIndexer(name, 1, onGap, true);
    }

    public synchronized void start() {
        if (!running && !inline) {
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
        if (inline) {
            apply(batch);
            return true;
        }
        pending.incrementAndGet();
        if (queue.offer(batch)) {
            return true;
        }
        pending.decrementAndGet();
        dropped.incrementAndGet();
        return false;
    }

    private void run() {
        while (running) {
            try {
                Object batch = queue.poll(100, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    try {
                        apply(batch);
                    } finally {
                        pending.decrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "kv indexer " + name + " failed to apply a batch", e);
            }
        }
    }

    private void apply(Object batch) {
        try {
            if (batch instanceof WorkerKvEvents events) {
                applyNow(events);
            } else if (batch instanceof byte[] json) {
                applyNow(EventCodec.decodeKvEvents(json));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "kv indexer " + name + " failed to apply a batch", e);
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

    /** Overlap of the first {@code length} hashes, into {@code into}: the allocation-free form for the router. */
    public void findMatches(long[] localHashes, int length, OverlapScores into) {
        lock.readLock().lock();
        try {
            index.findMatches(localHashes, length, into);
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

    /**
     * Waits until every batch accepted so far has been applied, including one the writer has taken off the queue but
     * not yet applied; false when {@code timeoutMillis} passed first.
     */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (pending.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Batches refused because the queue was full. */
    public long droppedBatches() {
        return dropped.get();
    }

    /** Events applied to the index. */
    public long appliedEvents() {
        return applied.get();
    }

    /** Batches accepted and not yet applied. */
    public long pendingBatches() {
        return pending.get();
    }

    @Override
    public void close() {
        running = false;
        if (writer != null) {
            writer.interrupt();
        }
    }
}
