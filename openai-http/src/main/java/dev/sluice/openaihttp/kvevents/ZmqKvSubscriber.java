package dev.sluice.openaihttp.kvevents;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Subscribes to one engine's KV event publisher (a ZMQ PUB socket; one per data-parallel rank) on its own thread and
 * hands each message, ordered by its {@link BatchSequencer}, on. A message is {@code [topic, seq, payload]}; any other
 * shape is skipped and counted. ZMQ reconnects by itself; a socket monitor turns its attempts into log lines: a warning
 * when the engine cannot be reached (once per outage) and when the connection drops, and a line when it is up.
 */
final class ZmqKvSubscriber implements Runnable {
    private static final Logger LOG = Logger.getLogger(ZmqKvSubscriber.class.getName());
    private static final int POLL_MILLIS = 200;
    private static final int RETRY_MILLIS = 2_000;
    /**
     * A connection whose ZMTP greeting does not complete in this time is dropped and made again (seen on loopback under
     * load: TCP connected, greeting never answered, and without this limit nothing arrives for 30 s).
     */
    static final int HANDSHAKE_MILLIS = 2_000;
    /** vLLM's publisher keeps up to this many unsent messages; the subscriber may hold as many. */
    private static final int HIGH_WATER_MARK = 100_000;

    private final ZContext context;
    private final String endpoint;
    private final String monitorAddress;
    private final BatchSequencer sequencer;
    private final KvEventCounters counters;
    private volatile boolean running = true;
    private volatile boolean connected;
    private boolean warnedUnreachable;

    ZmqKvSubscriber(
            ZContext context, String endpoint, String name, BatchSequencer sequencer, KvEventCounters counters) {
        this.context = context;
        this.endpoint = endpoint;
        this.monitorAddress = "inproc://monitor-" + name;
        this.sequencer = sequencer;
        this.counters = counters;
    }

    @Override
    public void run() {
        ZMQ.Socket sub = context.createSocket(SocketType.SUB);
        ZMQ.Socket monitor = context.createSocket(SocketType.PAIR);
        try {
            sub.setReceiveTimeOut(POLL_MILLIS);
            sub.setRcvHWM(HIGH_WATER_MARK);
            sub.setHandshakeIvl(HANDSHAKE_MILLIS);
            sub.subscribe(new byte[0]);
            sub.monitor(monitorAddress, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_DISCONNECTED | ZMQ.EVENT_CONNECT_RETRIED);
            monitor.connect(monitorAddress);
            connect(sub);
            while (running) {
                List<byte[]> frames = ZmqFrames.receive(sub);
                watch(monitor);
                if (!frames.isEmpty()) {
                    handle(frames);
                }
            }
        } catch (RuntimeException e) {
            if (running) { // closing the context while receiving ends here too
                LOG.log(Level.SEVERE, "KV events from " + endpoint + " stopped: " + e, e);
            }
        } finally {
            context.destroySocket(monitor);
            context.destroySocket(sub);
        }
    }

    /** Connects, retrying every few seconds while the address cannot even be resolved; ZMQ retries the rest. */
    private void connect(ZMQ.Socket sub) {
        for (int attempt = 1; running; attempt++) {
            try {
                sub.connect(endpoint);
                return;
            } catch (ZMQException | IllegalArgumentException e) {
                LOG.log(
                        attempt == 1 ? Level.WARNING : Level.FINE,
                        "cannot connect to the engine's KV events at " + endpoint + " (" + e.getMessage()
                                + "); retrying every " + RETRY_MILLIS + " ms");
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void handle(List<byte[]> frames) {
        if (frames.size() != 3 || frames.get(1).length != Long.BYTES) {
            counters.invalidMessage("a message of " + frames.size() + " frames from " + endpoint
                    + " is not [topic, 8-byte sequence number, batch]");
            return;
        }
        long seq = ByteBuffer.wrap(frames.get(1)).getLong();
        if (seq < 0) {
            counters.invalidMessage("sequence number " + Long.toUnsignedString(seq) + " from " + endpoint);
            return;
        }
        try {
            sequencer.onLive(seq, frames.get(2));
        } catch (RuntimeException e) {
            counters.invalidMessage("batch " + seq + " from " + endpoint + " failed: " + e);
        }
    }

    private void watch(ZMQ.Socket monitor) {
        ZMQ.Event event;
        while ((event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
            switch (event.getEvent()) {
                case ZMQ.EVENT_CONNECTED -> {
                    connected = true;
                    warnedUnreachable = false;
                    LOG.info("receiving the engine's KV events from " + endpoint);
                }
                case ZMQ.EVENT_DISCONNECTED -> {
                    connected = false;
                    LOG.warning("lost the engine's KV event publisher at " + endpoint + "; reconnecting");
                }
                case ZMQ.EVENT_CONNECT_RETRIED -> {
                    if (!warnedUnreachable) {
                        warnedUnreachable = true;
                        LOG.warning("cannot reach the engine's KV event publisher at " + endpoint + "; retrying (start"
                                + " the engine with --kv-events-config '{\"enable_kv_cache_events\": true,"
                                + " \"publisher\": \"zmq\", \"endpoint\": \"tcp://*:PORT\"}'); serving goes on");
                    }
                }
                default -> {}
            }
        }
    }

    boolean connected() {
        return connected;
    }

    void stop() {
        running = false;
    }
}
