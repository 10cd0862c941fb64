package dev.sluice.llm;

import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Scheduler;
import dev.sluice.runtime.Waker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Admission of sequences to one decode tier by the KV tokens they commit (prompt plus expected remaining output).
 *
 * <p>Invariants, under the lock of this object (every field and every {@link Entry}'s state):
 *
 * <ul>
 *   <li>{@code committed} is the sum of the tokens of the tickets not yet released; a ticket releases once.
 *   <li>{@code queue} holds exactly the entries that wait, in arrival order; {@code queued} is their tokens.
 *   <li>A new arrival is admitted at once only when nobody waits (FIFO: none overtakes), when it is forced (a
 *       continuation of a sequence already admitted), or when admission is off; a waiting entry is admitted only
 *       from the head of the queue.
 *   <li>An entry fits when {@code committed + tokens <= highWater × capacity}, or when nothing is committed (so a
 *       sequence larger than the mark is not starved forever). Capacity 0 (workers that report no KV size) means
 *       no limit.
 * </ul>
 *
 * Time is the injected scheduler's: a waiting entry's deadline is a scheduled task, so a simulation runs this on its
 * virtual clock. Wakers are called after the lock is released. The drain rate is an exponentially weighted moving
 * average of released tokens per second with time constant {@link #DRAIN_TAU_NANOS}, bias-corrected for the time
 * since the first admission; it sizes the {@code Retry-After} of a refusal.
 */
final class TierAdmission {
    static final long DRAIN_TAU_NANOS = Duration.ofSeconds(5).toNanos();
    static final long MAX_RETRY_AFTER_SECONDS = 3600;

    private enum State {
        WAITING,
        ADMITTED,
        REFUSED,
        CANCELLED
    }

    private final String model;
    private final int tier;
    private final AdmissionSettings settings;
    private final LongSupplier capacityTokens;
    private final Scheduler scheduler;
    private final PipelineMetrics metrics;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private long committed;
    private long queued;
    private double drainRaw;
    private long drainAtNanos;
    private long startNanos = Long.MIN_VALUE;

    /** @param capacityTokens the tier's live workers' KV capacity in tokens, read on every decision */
    TierAdmission(
            String model,
            int tier,
            AdmissionSettings settings,
            LongSupplier capacityTokens,
            Scheduler scheduler,
            PipelineMetrics metrics) {
        this.model = model;
        this.tier = tier;
        this.settings = settings;
        this.capacityTokens = capacityTokens;
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    /** The KV tokens of every live worker of {@code tier}: blocks × block size, summed. */
    static long capacityTokens(LiveWorkers workers, int tier) {
        long sum = 0;
        for (var r : workers.tier(tier)) {
            sum += (long) Math.max(0, r.metadata().totalKvBlocks())
                    * r.metadata().kvBlockSize();
        }
        return sum;
    }

    /**
     * A request for {@code tokens}: admitted at once, or waiting in the queue (its deadline running).
     *
     * @param forced admit regardless of the mark (a sequence that was admitted before and moves here)
     * @throws SluiceException {@link ErrorCode#KV_CAPACITY_EXCEEDED} with a retry-after when it would wait and the
     *     queue is full
     */
    Entry enter(long tokens, boolean forced) {
        Entry entry = new Entry(tokens);
        SluiceException refusal = null;
        List<Entry> woken = List.of();
        synchronized (this) {
            if (startNanos == Long.MIN_VALUE) {
                startNanos = entry.enteredNanos;
                drainAtNanos = entry.enteredNanos;
            }
            woken = drain(); // capacity may have grown since the last decision
            if (forced || !settings.enabled() || (queue.isEmpty() && fits(tokens))) {
                entry.admit();
            } else if (queue.size() >= settings.queueDepth()
                    || settings.queueTimeout().isZero()) {
                entry.state = State.REFUSED;
                metrics.tierRefused(model, tier, "queue_full");
                String why = settings.queueTimeout().isZero()
                        ? "requests do not wait for admission"
                        : "its admission queue of " + settings.queueDepth() + " is full";
                refusal = refusal(committed + queued + tokens, why);
            } else {
                entry.state = State.WAITING;
                queue.addLast(entry);
                queued += tokens;
                entry.timer = scheduler.schedule(settings.queueTimeout().toNanos(), entry::expire);
            }
            report();
        }
        wake(woken);
        if (refusal != null) {
            throw refusal;
        }
        return entry;
    }

    synchronized long committedTokens() {
        return committed;
    }

    synchronized int queueLength() {
        return queue.size();
    }

    /** Released tokens per second, as of now. */
    synchronized double drainRate() {
        return drainRateNow(scheduler.nanoTime());
    }

    private boolean fits(long tokens) {
        long capacity = capacityTokens.getAsLong();
        if (capacity <= 0 || committed == 0) {
            return true;
        }
        return committed + tokens <= (long) Math.floor(settings.highWater() * capacity);
    }

    /** Admits waiting entries from the head while they fit; returns those to wake. */
    private List<Entry> drain() {
        List<Entry> admitted = null;
        while (!queue.isEmpty() && fits(queue.peekFirst().tokens)) {
            Entry head = queue.pollFirst();
            queued -= head.tokens;
            head.timer.cancel();
            head.admit();
            metrics.tierQueueWait(model, tier, (scheduler.nanoTime() - head.enteredNanos) / 1e9, true);
            if (admitted == null) {
                admitted = new ArrayList<>();
            }
            admitted.add(head);
        }
        return admitted == null ? List.of() : admitted;
    }

    private void release(Ticket ticket) {
        List<Entry> woken;
        synchronized (this) {
            if (ticket.released) {
                return;
            }
            ticket.released = true;
            committed -= ticket.tokens;
            long now = scheduler.nanoTime();
            decayDrainTo(now);
            drainRaw += ticket.tokens / (DRAIN_TAU_NANOS / 1e9);
            woken = drain();
            report();
        }
        wake(woken);
    }

    private void decayDrainTo(long now) {
        long dt = now - drainAtNanos;
        if (dt > 0) {
            drainRaw *= Math.exp(-(double) dt / DRAIN_TAU_NANOS);
            drainAtNanos = now;
        }
    }

    private double drainRateNow(long now) {
        decayDrainTo(now);
        double elapsed = startNanos == Long.MIN_VALUE ? 0 : now - startNanos;
        double correction = 1 - Math.exp(-elapsed / DRAIN_TAU_NANOS);
        return correction <= 1e-9 ? 0 : drainRaw / correction;
    }

    /**
     * A refusal whose retry-after is the time the tier needs, at its observed drain rate, to release what stands
     * above the mark once {@code demandTokens} (committed, plus queued ahead, plus this request) are in. The message
     * names the tier and its mark but no count that changes from one refusal to the next, so reports group them.
     */
    private SluiceException refusal(long demandTokens, String why) {
        long capacity = capacityTokens.getAsLong();
        long limit = (long) Math.floor(settings.highWater() * capacity);
        long excess = Math.max(1, demandTokens - limit);
        double rate = drainRateNow(scheduler.nanoTime());
        long seconds = rate <= 0 ? Math.max(1, settings.queueTimeout().toSeconds()) : (long) Math.ceil(excess / rate);
        seconds = Math.clamp(seconds, 1, MAX_RETRY_AFTER_SECONDS);
        return SluiceException.retryLater(
                ErrorCode.KV_CAPACITY_EXCEEDED,
                "the " + tier + "-token tier's committed KV is past its high-water mark of " + limit + " of " + capacity
                        + " tokens and " + why + "; retry later (see the Retry-After header)",
                Duration.ofSeconds(seconds));
    }

    private void report() {
        metrics.tierAdmission(model, tier, committed, capacityTokens.getAsLong(), queue.size());
    }

    private static void wake(List<Entry> entries) {
        for (Entry e : entries) {
            e.waker.wake();
        }
    }

    /** The tokens one sequence holds on the tier until it ends or moves away. Releasing twice is harmless. */
    final class Ticket {
        private final long tokens;
        private boolean released;

        private Ticket(long tokens) {
            this.tokens = tokens;
        }

        long tokens() {
            return tokens;
        }

        void release() {
            TierAdmission.this.release(this);
        }
    }

    /** One request's way in: admitted, waiting (its reader woken when admitted or refused), refused or cancelled. */
    final class Entry {
        private final long tokens;
        private final long enteredNanos = scheduler.nanoTime();
        private State state = State.WAITING;
        private Ticket ticket;
        private boolean taken;
        private SluiceException refusal;
        private volatile Waker waker = Waker.NONE;
        private Scheduler.Cancellable timer = () -> {};

        private Entry(long tokens) {
            this.tokens = tokens;
        }

        /** Under the lock. */
        private void admit() {
            state = State.ADMITTED;
            ticket = new Ticket(tokens);
            committed += tokens;
        }

        /**
         * The ticket once admitted (handed out once; the caller releases it), else empty while waiting (the reader
         * is woken when that changes).
         *
         * @throws SluiceException the refusal, with its retry-after, when the deadline passed
         */
        Optional<Ticket> poll(Waker reader) {
            waker = reader;
            synchronized (TierAdmission.this) {
                return switch (state) {
                    case ADMITTED -> {
                        if (taken) {
                            throw new IllegalStateException("the admission ticket was taken already");
                        }
                        taken = true;
                        yield Optional.of(ticket);
                    }
                    case WAITING -> Optional.empty();
                    case REFUSED -> throw refusal;
                    case CANCELLED -> throw new IllegalStateException("the admission was cancelled");
                };
            }
        }

        /** Leaves the queue, or gives back a ticket never taken. */
        void cancel() {
            List<Entry> woken = List.of();
            Ticket untaken = null;
            synchronized (TierAdmission.this) {
                if (state == State.WAITING) {
                    state = State.CANCELLED;
                    timer.cancel();
                    queue.remove(this);
                    queued -= tokens;
                    woken = drain();
                    report();
                } else if (state == State.ADMITTED && !taken) {
                    taken = true;
                    untaken = ticket;
                }
            }
            wake(woken);
            if (untaken != null) {
                untaken.release();
            }
        }

        /** The deadline passed: refused, with the time the tokens ahead of it need to drain. */
        private void expire() {
            List<Entry> woken;
            synchronized (TierAdmission.this) {
                if (state != State.WAITING) {
                    return;
                }
                long ahead = 0;
                for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
                    Entry e = it.next();
                    if (e == this) {
                        it.remove();
                        break;
                    }
                    ahead += e.tokens;
                }
                queued -= tokens;
                state = State.REFUSED;
                metrics.tierRefused(model, tier, "timeout");
                metrics.tierQueueWait(model, tier, (scheduler.nanoTime() - enteredNanos) / 1e9, false);
                refusal = refusal(
                        committed + ahead + tokens,
                        "the request waited " + settings.queueTimeout().toMillis() + " ms for admission");
                woken = new ArrayList<>(drain());
                woken.add(this);
                report();
            }
            wake(woken);
        }
    }
}
