package dev.sluice.openaihttp.kvevents;

import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.zeromq.ZContext;

/**
 * An engine server's KV cache events as a Sluice worker's: subscribes to the engine's ZMQ publishers (one per
 * data-parallel rank), orders each one's batches (replaying gaps from its replay socket when given), translates them
 * into Sluice events with Sluice's own block hashes, and hands them to the sink as this worker's, in one order. A
 * router that lost events asks for a {@link #publishSnapshot() snapshot}: everything known, announced again.
 *
 * <pre>
 * engine PUB ─► ZmqKvSubscriber ─► BatchSequencer ─► KvBatchDecoder ─► KvEventTranslator ─► sink (event plane)
 * engine ROUTER ◄── ZmqReplay (on a gap)  ┘
 * </pre>
 *
 * <p>Locking: the translator and the sink are called under this object's lock, so events leave in id order.
 */
public final class EngineKvEvents implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EngineKvEvents.class.getName());

    /** One publisher: its events endpoint and, if the engine has one, its replay endpoint. */
    public record Endpoint(String events, Optional<String> replay) {
        public Endpoint {
            check(events, "--engine-kv-events");
            replay.ifPresent(r -> check(r, "--engine-kv-replay"));
        }

        private static void check(String address, String flag) {
            if (!address.matches("(tcp|ipc|inproc)://.+")) {
                throw new IllegalArgumentException(
                        flag + " " + address + " is not a ZMQ address such as tcp://HOST:5557");
            }
        }
    }

    /** The worker these events are for, its block size (the engine's must match), its publishers. */
    public record Config(long workerId, int blockSizeTokens, List<Endpoint> endpoints, Duration replayTimeout) {
        public Config {
            endpoints = List.copyOf(endpoints);
            Objects.requireNonNull(replayTimeout, "replayTimeout");
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("no KV event endpoint given");
            }
            if (blockSizeTokens <= 0) {
                throw new IllegalArgumentException("block size " + blockSizeTokens + " must be positive");
            }
        }
    }

    private final Config config;
    private final Consumer<WorkerKvEvents> sink;
    private final KvEventCounters counters = new KvEventCounters();
    private final KvEventTranslator translator;
    private final List<ZmqKvSubscriber> subscribers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private ZContext context;

    public EngineKvEvents(Config config, Consumer<WorkerKvEvents> sink) {
        this.config = config;
        this.sink = sink;
        this.translator = new KvEventTranslator(config.blockSizeTokens(), counters);
    }

    public synchronized void start() {
        if (context != null) {
            return;
        }
        context = new ZContext();
        for (int rank = 0; rank < config.endpoints().size(); rank++) {
            Endpoint e = config.endpoints().get(rank);
            int source = rank;
            Optional<BatchSequencer.Replay> replay =
                    e.replay().map(r -> new ZmqReplay(context, r, config.replayTimeout(), counters));
            BatchSequencer sequencer = new BatchSequencer(
                    replay,
                    new BatchSequencer.Sink() {
                        @Override
                        public void apply(byte[] payload) {
                            applyBatch(source, payload);
                        }

                        @Override
                        public void restarted() {
                            forget(source);
                        }
                    },
                    counters,
                    e.events());
            String name = "engine-kv-events-" + config.workerId() + "-" + rank;
            ZmqKvSubscriber sub = new ZmqKvSubscriber(context, e.events(), name, sequencer, counters);
            subscribers.add(sub);
            threads.add(Thread.ofPlatform().daemon().name(name).start(sub));
        }
        LOG.info("worker " + config.workerId() + " follows the engine's KV events at "
                + config.endpoints().stream().map(Endpoint::events).toList());
    }

    private void applyBatch(int source, byte[] payload) {
        EngineKvBatch batch;
        try {
            batch = KvBatchDecoder.decode(payload);
        } catch (KvBatchDecoder.MalformedBatchException e) {
            counters.invalidMessage(e.getMessage());
            return;
        }
        synchronized (this) {
            publish(translator.translate(source, batch));
        }
    }

    private synchronized void forget(int source) {
        publish(translator.forget(source));
    }

    /** Announces every block known again, after a Cleared, for a router that lost events or started late. */
    public synchronized void publishSnapshot() {
        publish(translator.snapshot());
    }

    private void publish(List<KvEvent> events) {
        if (!events.isEmpty()) {
            sink.accept(new WorkerKvEvents(config.workerId(), events));
            counters.published(events.size());
        }
    }

    public KvEventCounters counters() {
        return counters;
    }

    /** Whether every publisher's socket is connected. */
    public boolean connected() {
        return !subscribers.isEmpty() && subscribers.stream().allMatch(ZmqKvSubscriber::connected);
    }

    @Override
    public void close() {
        ZContext ctx;
        synchronized (this) {
            ctx = context;
            subscribers.forEach(ZmqKvSubscriber::stop);
        }
        for (Thread t : threads) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ctx != null) {
            ctx.close();
        }
    }
}
