package dev.sluice.mocker;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.EventCodec;
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
import dev.sluice.runtime.Scheduler;
import dev.sluice.runtime.Schedulers;
import dev.sluice.runtime.StreamBrokenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated worker. Every change to its {@link MockerCore} runs as a task of one {@link Scheduler}: requests and
 * cancellations are queued to it (at most {@code inbox_capacity} waiting), and a step is a task that runs the core's
 * scheduler, then fires again once the step's simulated time, divided by {@code speedup_ratio}, has passed; only then
 * are the step's tokens sent and its KV events and load published. Serving gives each worker a thread of its own;
 * a simulation runs every worker on one virtual-time event loop, with the same code.
 *
 * <p>{@link #close()} breaks every open stream, as a dying worker would.
 */
public final class MockerEngine implements Engine<PreprocessedRequest, EngineOutput>, AutoCloseable {
    private final MockerConfig config;
    private final EventBus bus;
    private final Scheduler scheduler;
    private final Optional<Schedulers.ThreadScheduler> ownThread;
    private final MockerCore core;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final List<Sequence> open = new ArrayList<>();
    private final StepClock steps = new StepClock();
    private volatile Stats stats = new Stats(0, 0, 0, 0);
    private volatile boolean running;
    private boolean stepping;
    private EventBus.Subscription snapshotRequests;

    /** A snapshot of the worker's state after its last step. */
    public record Stats(int runningSeqs, int waitingSeqs, int usedBlocks, int cachedBlocks) {}

    /** A worker on a thread of its own. */
    public MockerEngine(MockerConfig config, EventBus bus) {
        this(config, bus, Optional.of(Schedulers.thread("mocker-" + Long.toHexString(config.workerId()))));
    }

    /** A worker whose steps run on {@code scheduler} (shared, e.g. a simulation's event loop). */
    public MockerEngine(MockerConfig config, EventBus bus, Scheduler scheduler) {
        this(config, bus, scheduler, Optional.empty());
    }

    private MockerEngine(MockerConfig config, EventBus bus, Optional<Schedulers.ThreadScheduler> own) {
        this(config, bus, own.orElseThrow(), own);
    }

    private MockerEngine(
            MockerConfig config, EventBus bus, Scheduler scheduler, Optional<Schedulers.ThreadScheduler> own) {
        this.config = config;
        this.bus = bus;
        this.scheduler = scheduler;
        this.ownThread = own;
        this.core = new MockerCore(config);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (!config.kvEventSubject().isEmpty()) {
            // A router that starts late (or lost events) asks; the worker answers with Cleared + every cached block.
            snapshotRequests = bus.subscribe(config.kvEventSubject() + ".snapshot", b -> {
                if (EventCodec.snapshotRequested(b, config.workerId())) {
                    scheduler.execute(() -> {
                        core.snapshot();
                        publishEvents();
                    });
                }
            });
        }
    }

    @Override
    public ResponseStream<EngineOutput> generate(PreprocessedRequest request, RequestContext context) {
        if (!running) {
            throw new StreamBrokenException("worker " + Long.toHexString(config.workerId()) + " is not running");
        }
        if (queued.incrementAndGet() > config.inboxCapacity()) {
            queued.decrementAndGet();
            throw new SluiceException(
                    ErrorCode.OVERLOADED,
                    "worker " + Long.toHexString(config.workerId()) + " has " + config.inboxCapacity()
                            + " requests queued");
        }
        long id = ids.incrementAndGet();
        long seed = request.sampling().seed().orElse(mix(config.seed() * 31 + id));
        Channel<EngineOutput> out = new Channel<>(request.stop().maxTokens() + 2, () -> cancel(id));
        Sequence seq = new Sequence(id, request, out, seed);
        scheduler.execute(() -> {
            queued.decrementAndGet();
            core.add(seq);
            synchronized (open) {
                open.add(seq);
            }
            wake();
        });
        context.onCancel(() -> cancel(id));
        return out;
    }

    private void cancel(long id) {
        scheduler.execute(() -> core.cancel(id));
    }

    /** A 64-bit finalizer (MurmurHash3's), so neighbouring ids give unrelated token streams. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Starts stepping if the worker was idle. */
    private void wake() {
        if (!stepping && running) {
            stepping = true;
            scheduler.execute(this::step);
        }
    }

    /** Ends the previous step (its tokens, events and load become visible) and starts the next, if any. */
    private void step() {
        if (!running) {
            return;
        }
        steps.ended(scheduler.nanoTime());
        core.deliver();
        publish();
        if (core.idle()) {
            stepping = false;
            return;
        }
        double millis = core.step();
        if (millis <= 0 && !core.hasOutputs()) {
            stepping = false; // nothing can run until a request arrives or ends
            return;
        }
        long nanos = (long) (Math.max(0, millis) / config.speedupRatio() * 1e6);
        steps.started(scheduler.nanoTime(), nanos, millis);
        scheduler.schedule(nanos, this::step);
    }

    private void publish() {
        publishEvents();
        BlockPool pool = core.pool();
        Stats next = new Stats(core.running(), core.waiting(), pool.used(), pool.cached());
        if (!next.equals(stats)) {
            stats = next;
            if (!config.loadSubject().isEmpty()) {
                bus.publish(
                        config.loadSubject(),
                        EventCodec.encode(new WorkerLoad(
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

    private void publishEvents() {
        List<KvEvent> events = core.drainEvents();
        if (!events.isEmpty() && !config.kvEventSubject().isEmpty()) {
            bus.publish(config.kvEventSubject(), EventCodec.encode(new WorkerKvEvents(config.workerId(), events)));
        }
    }

    public Stats stats() {
        return stats;
    }

    /** Steps, busy time and preemptions since start (read on the worker's scheduler for exact figures). */
    public Counters counters() {
        return new Counters(steps.count(), steps.busyMillis(), core.preemptions(), core.cacheHitRate());
    }

    /** Work done since start: steps run, simulated time spent in them, preemptions, prefix-cache hit rate. */
    public record Counters(long steps, double busyMillis, long preemptions, double cacheHitRate) {}

    public MockerConfig config() {
        return config;
    }

    /**
     * How far the simulation fell behind its own clock since start: the time steps overran their (scaled)
     * simulated durations, as a fraction of those durations. 0 means the worker keeps up.
     */
    public double lagFraction() {
        return steps.lagFraction();
    }

    /** How far the last step ran behind its simulated duration, in milliseconds. */
    public double lagMillis() {
        return steps.lastLagMillis();
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
            if (snapshotRequests != null) {
                snapshotRequests.close();
            }
        }
        ownThread.ifPresent(Schedulers.ThreadScheduler::close);
        synchronized (open) {
            open.forEach(s -> s.out.fail(
                    new StreamBrokenException("worker " + Long.toHexString(config.workerId()) + " stopped")));
            open.clear();
        }
    }
}
