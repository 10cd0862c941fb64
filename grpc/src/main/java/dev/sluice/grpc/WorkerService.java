package dev.sluice.grpc;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.wire.GenerateRequest;
import dev.sluice.wire.OutputBatch;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker side of {@code sluice.Worker/Generate}. Each call runs on its own virtual thread, which loops: wait until
 * the call can take a message without buffering (gRPC's {@code isReady}, driven by HTTP/2 flow control), take every
 * output the engine has ready (blocking for the first), send them as one {@link OutputBatch}. A consumer that stops
 * reading therefore stops the loop, and what piles up stays in the engine's own bounded stream. The call's deadline
 * becomes the request's; a cancelled call kills the request at once, waking the loop if it is waiting. Messages of
 * different calls that are sent together share a socket flush: grpc-netty queues every call's writes and one task on
 * the connection's event loop writes all that are queued before flushing.
 */
final class WorkerService {
    /** Most outputs in one message. */
    static final int MAX_BATCH = 256;

    private WorkerService() {}

    static ServerServiceDefinition definition(Engine<PreprocessedRequest, EngineOutput> engine) {
        return ServerServiceDefinition.builder(WireMethods.SERVICE)
                .addMethod(
                        WireMethods.GENERATE,
                        ServerCalls.asyncServerStreamingCall(
                                (GenerateRequest call, StreamObserver<OutputBatch> observer) ->
                                        start(engine, call, observer)))
                .build();
    }

    private static void start(
            Engine<PreprocessedRequest, EngineOutput> engine,
            GenerateRequest call,
            StreamObserver<OutputBatch> observer) {
        ServerCallStreamObserver<OutputBatch> out = (ServerCallStreamObserver<OutputBatch>) observer;
        Deadline deadline = Context.current().getDeadline();
        RequestContext context = deadline == null
                ? RequestContext.create(call.getRequestId())
                : RequestContext.create(
                        call.getRequestId(), Instant.now().plusNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS)));
        ReadyGate gate = new ReadyGate(out);
        out.setOnReadyHandler(gate::signal);
        out.setOnCancelHandler(() -> {
            context.kill();
            gate.signal();
        });
        Thread.ofVirtual()
                .name("grpc-generate-" + call.getRequestId())
                .start(() -> generate(engine, call, context, out, gate));
    }

    private static void generate(
            Engine<PreprocessedRequest, EngineOutput> engine,
            GenerateRequest call,
            RequestContext context,
            ServerCallStreamObserver<OutputBatch> out,
            ReadyGate gate) {
        try (ResponseStream<EngineOutput> stream = engine.generate(RequestCodec.decode(call), context)) {
            context.onCancel(stream::close);
            while (gate.awaitReady()) {
                List<EngineOutput> batch = stream.nextBatch(MAX_BATCH);
                if (batch.isEmpty() || out.isCancelled()) {
                    break;
                }
                out.onNext(OutputCodec.encode(batch));
                if (batch.getLast().isFinal()) {
                    break;
                }
            }
            if (!out.isCancelled()) {
                out.onCompleted();
            }
        } catch (RuntimeException e) {
            if (!out.isCancelled()) {
                out.onError(Refusals.toStatus(e));
            }
        }
    }
}
