package dev.sluice.openaihttp.kvevents;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Asks an engine's replay socket (a ZMQ ROUTER) for its buffered batches: a DEALER sends {@code ["", start]} and reads
 * {@code ["", seq, payload]} frames until {@code seq = -1}. A request that gets no answer at all is sent again on a new
 * connection, up to {@link #ATTEMPTS} times; an answer that stalls ends the replay with what arrived (logged; the
 * caller counts the rest as lost).
 */
final class ZmqReplay implements BatchSequencer.Replay {
    private static final Logger LOG = Logger.getLogger(ZmqReplay.class.getName());
    private static final long END = -1;
    static final int ATTEMPTS = 3;

    private final ZContext context;
    private final String endpoint;
    private final Duration timeout;
    private final KvEventCounters counters;

    /** {@code timeout}: how long to wait for each frame of the answer. */
    ZmqReplay(ZContext context, String endpoint, Duration timeout, KvEventCounters counters) {
        this.context = context;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.counters = counters;
    }

    @Override
    public List<BatchSequencer.Sequenced> from(long start) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<List<BatchSequencer.Sequenced>> answer = request(start);
            if (answer.isPresent()) {
                return answer.get();
            }
            LOG.warning("the engine's replay socket " + endpoint + " did not answer a replay from " + start + " within "
                    + timeout.toMillis() + " ms (attempt " + attempt + " of " + ATTEMPTS + ")");
        }
        return List.of();
    }

    /** One request on a new connection; empty when not a single frame came back. */
    private Optional<List<BatchSequencer.Sequenced>> request(long start) {
        List<BatchSequencer.Sequenced> out = new ArrayList<>();
        ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        try {
            dealer.setLinger(0);
            dealer.setHandshakeIvl(ZmqKvSubscriber.HANDSHAKE_MILLIS);
            dealer.setReceiveTimeOut((int) timeout.toMillis());
            dealer.connect(endpoint);
            dealer.sendMore(new byte[0]);
            dealer.send(ByteBuffer.allocate(Long.BYTES).putLong(start).array());
            boolean answered = false;
            while (true) {
                List<byte[]> frames = ZmqFrames.receive(dealer);
                if (frames.isEmpty()) {
                    if (answered) {
                        LOG.warning("the engine's replay socket " + endpoint + " stopped answering after " + out.size()
                                + " batches from " + start);
                        return Optional.of(out);
                    }
                    return Optional.empty();
                }
                answered = true;
                if (frames.size() != 3 || frames.get(0).length != 0 || frames.get(1).length != Long.BYTES) {
                    counters.invalidMessage(
                            "a replay answer of " + frames.size() + " frames is not [\"\", seq, batch]");
                    continue;
                }
                long seq = ByteBuffer.wrap(frames.get(1)).getLong();
                if (seq == END) {
                    return Optional.of(out);
                }
                out.add(new BatchSequencer.Sequenced(seq, frames.get(2)));
            }
        } finally {
            context.destroySocket(dealer);
        }
    }
}
