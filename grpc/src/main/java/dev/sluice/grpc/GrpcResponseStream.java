package dev.sluice.grpc;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.wire.GenerateRequest;
import dev.sluice.wire.OutputBatch;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The caller's side of one generate call: batches arrive on the transport's thread and wait in a queue of at most
 * {@link #PREFETCH} messages; the consumer unpacks them one output at a time, exactly as the engine emitted them. A
 * message is requested from the transport only when one has been taken, so a consumer that stops reading stops the
 * HTTP/2 flow-control window, and the worker stops sending. The lock guards the queue and the end status only.
 */
final class GrpcResponseStream extends ClientCall.Listener<OutputBatch> implements ResponseStream<EngineOutput> {
    /** Messages buffered ahead of the consumer. */
    static final int PREFETCH = 4;

    private final ClientCall<GenerateRequest, OutputBatch> call;
    private final String address;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<OutputBatch> queue = new ArrayDeque<>();
    private Status status;
    private Metadata trailers;
    // Owned by the consumer thread.
    private BatchCursor current = BatchCursor.EMPTY;
    private volatile boolean done;

    private GrpcResponseStream(ClientCall<GenerateRequest, OutputBatch> call, String address) {
        this.call = call;
        this.address = address;
    }

    static GrpcResponseStream start(
            ClientCall<GenerateRequest, OutputBatch> call, GenerateRequest request, String address) {
        GrpcResponseStream stream = new GrpcResponseStream(call, address);
        call.start(stream, new Metadata());
        call.sendMessage(request);
        call.halfClose();
        call.request(PREFETCH);
        return stream;
    }

    @Override
    public void onMessage(OutputBatch message) {
        lock.lock();
        try {
            queue.add(message);
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onClose(Status closed, Metadata closedTrailers) {
        lock.lock();
        try {
            status = closed;
            trailers = closedTrailers;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<EngineOutput> next() {
        while (!done && !current.hasNext()) {
            current = take();
        }
        if (done) {
            return Optional.empty();
        }
        EngineOutput out = current.next();
        done = out.isFinal();
        return Optional.of(out);
    }

    /** The next batch, or an empty one at a clean end; throws when the call failed or sent a malformed batch. */
    private BatchCursor take() {
        OutputBatch batch;
        lock.lock();
        try {
            while (queue.isEmpty() && status == null) {
                arrived.awaitUninterruptibly();
            }
            batch = queue.poll();
        } finally {
            lock.unlock();
        }
        if (batch != null) {
            call.request(1);
            try {
                return new BatchCursor(batch);
            } catch (IllegalArgumentException e) {
                done = true;
                call.cancel("malformed batch", e);
                throw new StreamBrokenException("worker " + address + " sent a malformed batch: " + e.getMessage(), e);
            }
        }
        done = true;
        if (!status.isOk()) {
            throw Refusals.fromStatus(status, trailers, address);
        }
        return BatchCursor.EMPTY;
    }

    /** Cancels the call from any thread; the consumer then sees the stream break. */
    void cancel() {
        call.cancel("request cancelled", null);
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            call.cancel("client closed the stream", null);
        }
    }
}
