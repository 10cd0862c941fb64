package dev.sluice.mocker;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.Json;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.WorkerKvEvents;
import dev.sluice.protocol.WorkerLoad;
import dev.sluice.runtime.Channel;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A simulated worker. Requests enter a bounded inbox; one named loop thread owns the {@link MockerCore}, runs a step,
 * publishes the step's KV events and load on the event bus, and waits out the step's simulated duration divided by
 * {@code speedup_ratio}. Cancelling a request (its context, or closing its stream) reaches the loop, which frees the
 * sequence's blocks. {@link #close()} breaks every open stream, as a dying worker would.
 */
public final class MockerEngine implements Engine<PreprocessedRequest, EngineOutput>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MockerEngine.class.getName());

    private final MockerConfig config;
    private final EventBus bus;
    private final MockerCore core;
    private final BlockingQueue<Command> inbox;
    private final AtomicLong ids = new AtomicLong();
    private final List<Sequence> open = new ArrayList<>();
    private volatile Stats stats = new Stats(0, 0, 0, 0);
    private volatile boolean running;
    private volatile double lagMillis;
    private final java.util.concurrent.atomic.LongAdder simulatedNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder lateNanos = new java.util.concurrent.atomic.LongAdder();
    private Thread loop;
    private EventBus.Subscription snapshotRequests;

    private sealed interface Command {
        record Add(Sequence seq) implements Command {}

        record Cancel(long id) implements Command {}

        record Snapshot() implements Command {}
    }

    /** A snapshot of the worker's state after its last step. */
    public record Stats(int runningSeqs, int waitingSeqs, int usedBlocks, int cachedBlocks) {}

    public MockerEngine(MockerConfig config, EventBus bus) {
        this.config = config;
        this.bus = bus;
        this.core = new MockerCore(config);
        this.inbox = new ArrayBlockingQueue<>(config.inboxCapacity());
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (!config.kvEventSubject().isEmpty()) {
            // A router that starts late (or lost events) asks; the loop answers with Cleared + every cached block.
            snapshotRequests =
                    bus.subscribe(config.kvEventSubject() + ".snapshot", b -> inbox.offer(new Command.Snapshot()));
        }
        loop = Thread.ofPlatform()
                .daemon()
                .name("mocker-" + Long.toHexString(config.workerId()))
                .start(this::run);
    }

    @Override
    public ResponseStream<EngineOutput> generate(PreprocessedRequest request, RequestContext context) {
        if (!running) {
            throw new StreamBrokenException("worker " + Long.toHexString(config.workerId()) + " is not running");
        }
        long id = ids.incrementAndGet();
        long seed = request.sampling().seed().orElse(mix(config.seed() * 31 + id));
        Channel<EngineOutput> out =
                new Channel<>(request.stop().maxTokens() + 2, () -> inbox.offer(new Command.Cancel(id)));
        if (!inbox.offer(new Command.Add(new Sequence(id, request, out, seed)))) {
            throw new SluiceException(
                    ErrorCode.OVERLOADED,
                    "worker " + Long.toHexString(config.workerId()) + " has " + config.inboxCapacity()
                            + " requests queued");
        }
        context.onCancel(() -> inbox.offer(new Command.Cancel(id)));
        return out;
    }

    /** A 64-bit finalizer (MurmurHash3's), so neighbouring ids give unrelated token streams. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private void run() {
        while (running) {
            try {
                drainInbox(core.idle());
                long started = System.nanoTime();
                double millis = core.step();
                publish();
                if (millis > 0) {
                    long targetNanos = (long) (millis / config.speedupRatio() * 1e6);
                    long remaining = targetNanos - (System.nanoTime() - started);
                    lagMillis = remaining < 0 ? -remaining / 1e6 : 0;
                    simulatedNanos.add(targetNanos);
                    if (remaining < 0) {
                        lateNanos.add(-remaining);
                    }
                    if (remaining > 0) {
                        LockSupport.parkNanos(remaining);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "mocker " + Long.toHexString(config.workerId()) + " step failed", e);
            }
        }
    }

    private void drainInbox(boolean block) throws InterruptedException {
        Command c = block ? inbox.poll(100, TimeUnit.MILLISECONDS) : inbox.poll();
        while (c != null) {
            switch (c) {
                case Command.Add add -> {
                    core.add(add.seq());
                    synchronized (open) {
                        open.add(add.seq());
                    }
                }
                case Command.Cancel cancel -> core.cancel(cancel.id());
                case Command.Snapshot snapshot -> core.snapshot();
            }
            c = inbox.poll();
        }
    }

    private void publish() {
        List<KvEvent> events = core.drainEvents();
        if (!events.isEmpty() && !config.kvEventSubject().isEmpty()) {
            bus.publish(config.kvEventSubject(), Json.encode(new WorkerKvEvents(config.workerId(), events)));
        }
        BlockPool pool = core.pool();
        Stats next = new Stats(core.running(), core.waiting(), pool.used(), pool.cached());
        if (!next.equals(stats)) {
            stats = next;
            if (!config.loadSubject().isEmpty()) {
                bus.publish(
                        config.loadSubject(),
                        Json.encode(new WorkerLoad(
                                config.workerId(),
                                next.runningSeqs(),
                                next.waitingSeqs(),
                                next.usedBlocks(),
                                pool.capacity(),
                                core.cacheHitRate())));
            }
        }
        synchronized (open) {
            open.removeIf(s -> s.out.isClosed() || s.out.isFinished());
        }
    }

    public Stats stats() {
        return stats;
    }

    public MockerConfig config() {
        return config;
    }

    /**
     * How far the simulation fell behind its own clock since start: the time steps overran their (scaled)
     * simulated durations, as a fraction of those durations. 0 means the worker keeps up.
     */
    public double lagFraction() {
        long sim = simulatedNanos.sum();
        return sim == 0 ? 0 : (double) lateNanos.sum() / sim;
    }

    /** How far the last step ran behind its simulated duration, in milliseconds. */
    public double lagMillis() {
        return lagMillis;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = loop;
            if (snapshotRequests != null) {
                snapshotRequests.close();
            }
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (open) {
            open.forEach(s -> s.out.fail(
                    new StreamBrokenException("worker " + Long.toHexString(config.workerId()) + " stopped")));
            open.clear();
        }
    }
}
