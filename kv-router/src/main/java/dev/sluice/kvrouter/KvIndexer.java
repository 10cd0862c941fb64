package dev.sluice.kvrouter;

import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link RadixIndex} with one writer: event batches go into a bounded queue that a named thread applies, each
 * batch under the write lock, so a query (under the read lock) never sees half an event. A full queue drops the
 * batch and counts it; the router then under-estimates overlap for a moment, which costs a cache hit, never
 * correctness.
 *
 * <p>Each worker's events are numbered from 0, one per event. The indexer follows each worker's sequence and knows
 * when its view of a worker is stale: a gap in the numbers, a restart (numbers back to 0), a first event other than
 * number 0 (events missed before this router listened) or a malformed event or batch marks the worker
 * {@link WorkerState#DEGRADED} and reports it to {@code onResync}, so the caller can ask that worker for a snapshot;
 * it is reported again on every batch the worker sends while degraded, flagged as a repeat (the caller limits how
 * often it asks again). A
 * snapshot is a {@code Cleared} followed by everything the worker caches, numbered on in its sequence: a
 * {@code Cleared} makes the worker's view exact again, whatever came before, so it ends the degraded state. Events
 * numbered at or below the last one applied (other than a {@code Cleared} or a restart's 0) are stale and ignored.
 * Events of a degraded worker are still applied: its view is incomplete, not wrong, and the router discounts it.
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
    private final Resync onResync;
    /** Per worker, the last event number applied and whether its view is degraded; guarded by the write lock. */
    private final Map<Long, Sync> syncs = new HashMap<>();
    /** The degraded workers, sorted: read without a lock (and without allocating) on the routing path. */
    private volatile long[] degraded = new long[0];

    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final String name;
    private final boolean inline;
    private volatile boolean running;
    private Thread writer;

    /** How a worker's view stands: exact, or missing events until a snapshot arrives. */
    public enum WorkerState {
        HEALTHY,
        DEGRADED
    }

    /** Told, on the writer thread, of a worker whose view is degraded and needs a snapshot. */
    @FunctionalInterface
    public interface Resync {
        /**
         * @param newly whether the batch just applied degraded the worker (false: it already was, and still is)
         */
        void needed(long worker, boolean newly);
    }

    private static final class Sync {
        long last = -1;
        boolean degraded;
        /** Degraded by the batch being applied. */
        boolean newly;
    }

    public KvIndexer(String name, int queueCapacity, Resync onResync) {
        this(name, queueCapacity, onResync, false);
    }

    private KvIndexer(String name, int queueCapacity, Resync onResync, boolean inline) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.onResync = onResync;
        this.inline = inline;
    }

    /** An indexer that applies every batch on the thread that submits it. */
    public static KvIndexer inline(String name, Resync onResync) {
        return new KvIndexer(name, 1, onResync, true);
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
            } else if (batch instanceof byte[] encoded) {
                WorkerKvEvents events;
                try {
                    events = EventCodec.decodeKvEvents(encoded);
                } catch (IllegalArgumentException e) {
                    malformedBatch(EventCodec.kvBatchWorker(encoded), e.getMessage());
                    return;
                }
                applyNow(events);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "kv indexer " + name + " failed to apply a batch", e);
        }
    }

    private void malformedBatch(OptionalLong worker, String why) {
        malformed.incrementAndGet();
        LOG.warning("kv indexer " + name + " skipped a malformed KV event batch"
                + (worker.isPresent() ? " of worker " + Long.toHexString(worker.getAsLong()) : "") + ": " + why);
        if (worker.isPresent()) {
            boolean newly;
            lock.writeLock().lock();
            try {
                Sync sync = sync(worker.getAsLong());
                newly = !sync.degraded;
                degrade(worker.getAsLong(), sync);
            } finally {
                lock.writeLock().unlock();
            }
            onResync.needed(worker.getAsLong(), newly);
        }
    }

    /** Applies a batch on the caller's thread (tests, and the writer), following the worker's event numbers. */
    public void applyNow(WorkerKvEvents batch) {
        long worker = batch.workerId();
        boolean resync;
        boolean newly;
        lock.writeLock().lock();
        try {
            Sync sync = sync(worker);
            sync.newly = false;
            for (KvEvent e : batch.events()) {
                applyInSequence(worker, sync, e);
            }
            resync = sync.degraded;
            newly = sync.newly;
        } finally {
            lock.writeLock().unlock();
        }
        if (resync) {
            onResync.needed(worker, newly);
        }
    }

    private Sync sync(long worker) {
        return syncs.computeIfAbsent(worker, w -> new Sync());
    }

    private void applyInSequence(long worker, Sync sync, KvEvent e) {
        if (isMalformed(e)) {
            malformed.incrementAndGet();
            LOG.warning("kv indexer " + name + " skipped malformed KV event " + e + " of worker "
                    + Long.toHexString(worker));
            degrade(worker, sync);
            return;
        }
        long id = e.eventId();
        if (e instanceof KvEvent.Cleared) {
            if (sync.last >= 0 && id != sync.last + 1) {
                gaps.incrementAndGet(); // harmless: nothing before a Cleared matters
            }
            if (sync.degraded) {
                resyncs.incrementAndGet();
                sync.degraded = false;
                publishDegraded();
            }
        } else if (sync.last < 0) {
            if (id != 0) {
                gaps.incrementAndGet(); // this router missed the worker's first events
                degrade(worker, sync);
            }
        } else if (id == 0) {
            restarts.incrementAndGet(); // the worker started again: what it cached before is gone
            index.removeWorker(worker);
            degrade(worker, sync);
        } else if (id <= sync.last) {
            stale.incrementAndGet();
            return;
        } else if (id != sync.last + 1) {
            gaps.incrementAndGet();
            degrade(worker, sync);
        }
        sync.last = id;
        index.apply(worker, e);
        applied.incrementAndGet();
    }

    private static boolean isMalformed(KvEvent e) {
        return e.eventId() < 0 || e instanceof KvEvent.Stored s && s.blocks().isEmpty();
    }

    private void degrade(long worker, Sync sync) {
        if (!sync.degraded) {
            sync.degraded = true;
            sync.newly = true;
            publishDegraded();
        }
    }

    private void publishDegraded() {
        degraded = syncs.entrySet().stream()
                .filter(s -> s.getValue().degraded)
                .mapToLong(Map.Entry::getKey)
                .sorted()
                .toArray();
    }

    /**
     * Applies a batch without following its numbers: the router's own predictions in approximate mode, which are
     * never missed.
     */
    void applyUnsequenced(WorkerKvEvents batch) {
        lock.writeLock().lock();
        try {
            for (KvEvent e : batch.events()) {
                index.apply(batch.workerId(), e);
                applied.incrementAndGet();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether the worker's view is degraded (lock-free, allocation-free: read on the routing path). */
    public boolean isDegraded(long worker) {
        long[] d = degraded;
        return d.length > 0 && Arrays.binarySearch(d, worker) >= 0;
    }

    /** Every worker this indexer has heard from, and its state. */
    public Map<Long, WorkerState> workerStates() {
        lock.readLock().lock();
        try {
            Map<Long, WorkerState> out = new HashMap<>();
            syncs.forEach((w, s) -> out.put(w, s.degraded ? WorkerState.DEGRADED : WorkerState.HEALTHY));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Gaps seen in workers' event numbers (including a router's first event of a worker not numbered 0). */
    public long gaps() {
        return gaps.get();
    }

    /** Workers seen restarting (event numbers back to 0). */
    public long restarts() {
        return restarts.get();
    }

    /** Malformed events and batches skipped. */
    public long malformedEvents() {
        return malformed.get();
    }

    /** Events ignored because they were numbered at or below the last one applied. */
    public long staleEvents() {
        return stale.get();
    }

    /** Degraded workers made exact again by a snapshot (a {@code Cleared} and what follows it). */
    public long resyncs() {
        return resyncs.get();
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
            if (syncs.remove(worker) != null) {
                publishDegraded();
            }
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
