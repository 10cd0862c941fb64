package dev.sluice.openaihttp.kvevents;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The KV event side of a stand-in vLLM engine, written from vLLM's wire format: a ZMQ PUB socket sending
 * {@code [topic, seq, batch]} with sequence numbers from 0, and optionally a ROUTER replay socket that answers
 * {@code ["", start]} with every buffered {@code ["", seq, batch]} from {@code start} on and ends with
 * {@code ["", -1, ""]}. Tests can withhold batches from the live stream (a gap), restart the numbering, and send raw
 * frames.
 */
public final class StandInKvPublisher implements AutoCloseable {
    private final ZContext context = new ZContext();
    /** The replay socket has a context (and I/O thread) of its own, apart from the publisher's. */
    private final ZContext replayContext = new ZContext();

    private final ZMQ.Socket pub;
    private final String events;
    private final Optional<String> replay;
    private final List<BatchSequencer.Sequenced> buffer = new ArrayList<>();
    private final AtomicInteger replayRequests = new AtomicInteger();
    private volatile boolean running = true;
    private Thread replayThread;
    private long nextSeq;

    /** Binds on loopback ports of the system's choosing ({@code port} 0) or the one given. */
    public StandInKvPublisher(int port, boolean withReplay) {
        pub = context.createSocket(SocketType.PUB);
        pub.setSndHWM(100_000);
        if (port == 0) {
            events = bindToFreePort(pub);
        } else {
            pub.bind("tcp://127.0.0.1:" + port);
            events = "tcp://127.0.0.1:" + port;
        }
        if (withReplay) {
            // The ROUTER lives on its own thread from creation on: a ZMQ socket belongs to one thread.
            CompletableFuture<String> bound = new CompletableFuture<>();
            replayThread = Thread.ofPlatform().daemon().name("stand-in-replay").start(() -> {
                ZMQ.Socket router = replayContext.createSocket(SocketType.ROUTER);
                router.setReceiveTimeOut(100);
                bound.complete(bindToFreePort(router));
                serveReplays(router);
            });
            replay = Optional.of(bound.join());
        } else {
            replay = Optional.empty();
        }
    }

    /**
     * Binds where the system finds a free port. (JeroMQ's bindToRandomPort guesses ports, and with SO_REUSEADDR may take
     * one that is the local end of another connection, which then never receives.)
     */
    private static String bindToFreePort(ZMQ.Socket socket) {
        socket.bind("tcp://127.0.0.1:*");
        return socket.getLastEndpoint();
    }

    public String eventsEndpoint() {
        return events;
    }

    public Optional<String> replayEndpoint() {
        return replay;
    }

    /** Publishes a batch under the next sequence number; returns that number. */
    public synchronized long publish(byte[] batch) {
        long seq = buffer(batch);
        send(pub, new byte[0], seqBytes(seq), batch);
        return seq;
    }

    /** Buffers a batch for replay under the next number but does not send it: subscribers see a gap. */
    public synchronized long withhold(byte[] batch) {
        return buffer(batch);
    }

    /** The engine restarted: numbering from 0 again, nothing buffered. */
    public synchronized void restart() {
        buffer.clear();
        nextSeq = 0;
    }

    /** Sends frames as they are, outside the numbering. */
    public synchronized void sendRaw(byte[]... frames) {
        send(pub, frames);
    }

    public int replayRequests() {
        return replayRequests.get();
    }

    private long buffer(byte[] batch) {
        long seq = nextSeq++;
        buffer.add(new BatchSequencer.Sequenced(seq, batch));
        return seq;
    }

    private void serveReplays(ZMQ.Socket router) {
        while (running) {
            byte[] identity;
            try {
                identity = router.recv();
            } catch (RuntimeException closed) {
                return;
            }
            if (identity == null) {
                continue;
            }
            List<byte[]> rest = ZmqFrames.receive(router);
            long start = ByteBuffer.wrap(rest.getLast()).getLong();
            replayRequests.incrementAndGet();
            List<BatchSequencer.Sequenced> copy;
            synchronized (this) {
                copy = List.copyOf(buffer);
            }
            for (BatchSequencer.Sequenced b : copy) {
                if (b.seq() >= start) {
                    send(router, identity, new byte[0], seqBytes(b.seq()), b.payload());
                }
            }
            send(router, identity, new byte[0], seqBytes(-1), new byte[0]);
        }
    }

    private static byte[] seqBytes(long seq) {
        return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
    }

    private static void send(ZMQ.Socket socket, byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            if (i < frames.length - 1) {
                socket.sendMore(frames[i]);
            } else {
                socket.send(frames[i]);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (replayThread != null) {
            try {
                replayThread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        context.close();
        replayContext.close();
    }
}
