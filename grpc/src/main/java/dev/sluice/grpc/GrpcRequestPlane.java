package dev.sluice.grpc;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.Json;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.tls.TlsFiles;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The request plane on gRPC: {@code sluice.Worker/Generate} is a server-streaming call carrying the JSON of a
 * {@link PreprocessedRequest} and returning {@link EngineOutput}s. The request context's deadline becomes the call's
 * deadline; closing the client stream cancels the call, which kills the request on the worker; a worker that
 * vanishes mid-stream surfaces as {@link StreamBrokenException}. One channel per worker address, reused.
 */
public final class GrpcRequestPlane implements RequestPlane {
    /** What goes over the wire: the request and the id of its context. */
    record Call(String requestId, PreprocessedRequest request) {}

    private static final Metadata.Key<String> ERROR_CODE =
            Metadata.Key.of("sluice-error-code", Metadata.ASCII_STRING_MARSHALLER);

    static final MethodDescriptor<Call, EngineOutput> GENERATE = MethodDescriptor.<Call, EngineOutput>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName("sluice.Worker/Generate")
            .setRequestMarshaller(new JsonMarshaller<>(Call.class))
            .setResponseMarshaller(new JsonMarshaller<>(EngineOutput.class))
            .build();

    private final String host;
    private final int port;
    private final Optional<ServerCredentials> serverCredentials;
    private final Optional<ChannelCredentials> channelCredentials;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    /** A plane that serves on {@code host:port} (port 0 picks a free one) and calls others, in plaintext. */
    public GrpcRequestPlane(String host, int port) {
        this(host, port, Optional.empty());
    }

    /**
     * A plane whose calls, with {@code tls}, go over mutual TLS: it serves only clients whose certificate chains to
     * the CA, and calls only workers whose certificate does and names the host they advertise.
     */
    public GrpcRequestPlane(String host, int port, Optional<TlsFiles> tls) {
        this.host = host;
        this.port = port;
        this.serverCredentials = tls.map(GrpcTls::server);
        this.channelCredentials = tls.map(GrpcTls::client);
    }

    private static final class JsonMarshaller<T> implements MethodDescriptor.Marshaller<T> {
        private final Class<T> type;

        JsonMarshaller(Class<T> type) {
            this.type = type;
        }

        @Override
        public InputStream stream(T value) {
            return new ByteArrayInputStream(Json.encode(value));
        }

        @Override
        public T parse(InputStream stream) {
            try {
                return Json.decode(stream.readAllBytes(), type);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public Registration serve(long instanceId, Engine<PreprocessedRequest, EngineOutput> engine) {
        ServerServiceDefinition service = ServerServiceDefinition.builder("sluice.Worker")
                .addMethod(GENERATE, ServerCalls.asyncServerStreamingCall((call, observer) -> {
                    ServerCallStreamObserver<EngineOutput> out = (ServerCallStreamObserver<EngineOutput>) observer;
                    RequestContext context = RequestContext.create(call.requestId());
                    out.setOnCancelHandler(context::kill);
                    Thread.ofVirtual()
                            .name("grpc-generate-" + call.requestId())
                            .start(() -> generate(engine, call, context, out));
                }))
                .build();
        Server server;
        try {
            InetSocketAddress at = new InetSocketAddress(host, port);
            server = serverCredentials
                    .map(c -> NettyServerBuilder.forAddress(at, c))
                    .orElseGet(() -> NettyServerBuilder.forAddress(at))
                    .addService(service)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve gRPC on " + host + ":" + port, e);
        }
        String address = host + ":" + server.getPort();
        return new Registration() {
            @Override
            public String address() {
                return address;
            }

            @Override
            public void close() {
                server.shutdownNow();
            }
        };
    }

    private static void generate(
            Engine<PreprocessedRequest, EngineOutput> engine,
            Call call,
            RequestContext context,
            ServerCallStreamObserver<EngineOutput> observer) {
        try (ResponseStream<EngineOutput> stream = engine.generate(call.request(), context)) {
            context.onCancel(stream::close);
            for (Optional<EngineOutput> out = stream.next();
                    out.isPresent() && !observer.isCancelled();
                    out = stream.next()) {
                observer.onNext(out.get());
            }
            if (!observer.isCancelled()) {
                observer.onCompleted();
            }
        } catch (SluiceException e) {
            if (!observer.isCancelled()) {
                observer.onError(refusal(e));
            }
        } catch (RuntimeException e) {
            if (!observer.isCancelled()) {
                observer.onError(Status.UNAVAILABLE
                        .withDescription(String.valueOf(e.getMessage()))
                        .asRuntimeException());
            }
        }
    }

    /**
     * A request the engine refused (a typed error other than a broken stream) travels as INVALID_ARGUMENT with its
     * error code in a trailer, so the caller rethrows it as it was instead of migrating the request.
     */
    private static StatusRuntimeException refusal(SluiceException e) {
        if (e instanceof StreamBrokenException) {
            return Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
        }
        Metadata trailers = new Metadata();
        trailers.put(ERROR_CODE, e.code().name());
        return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException(trailers);
    }

    private static RuntimeException fromStatus(StatusRuntimeException e, String address) {
        String code = e.getTrailers() == null ? null : e.getTrailers().get(ERROR_CODE);
        if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT && code != null) {
            return new SluiceException(ErrorCode.valueOf(code), e.getStatus().getDescription());
        }
        return new StreamBrokenException(
                "worker " + address + " stream broke: " + e.getStatus().getCode() + " "
                        + e.getStatus().getDescription(),
                e);
    }

    @Override
    public Engine<PreprocessedRequest, EngineOutput> client(InstanceRecord instance) {
        ManagedChannel channel = channels.computeIfAbsent(instance.address(), a -> channelCredentials
                .map(c -> NettyChannelBuilder.forTarget(a, c))
                .orElseGet(() -> NettyChannelBuilder.forTarget(a).usePlaintext())
                .build());
        return (request, context) -> {
            CallOptions options = CallOptions.DEFAULT;
            if (context.deadline().isPresent()) {
                long millis = Math.max(
                        1,
                        context.deadline().get().toEpochMilli() - Instant.now().toEpochMilli());
                options = options.withDeadline(Deadline.after(millis, TimeUnit.MILLISECONDS));
            }
            ClientCall<Call, EngineOutput> call = channel.newCall(GENERATE, options);
            Iterator<EngineOutput> it = ClientCalls.blockingServerStreamingCall(call, new Call(context.id(), request));
            context.onCancel(() -> call.cancel("request cancelled", null));
            return new ResponseStream<>() {
                private boolean done;

                @Override
                public Optional<EngineOutput> next() {
                    if (done) {
                        return Optional.empty();
                    }
                    try {
                        if (it.hasNext()) {
                            EngineOutput out = it.next();
                            done = out.isFinal();
                            return Optional.of(out);
                        }
                        done = true;
                        return Optional.empty();
                    } catch (StatusRuntimeException e) {
                        done = true;
                        throw fromStatus(e, instance.address());
                    }
                }

                @Override
                public void close() {
                    if (!done) {
                        done = true;
                        call.cancel("client closed the stream", null);
                    }
                }
            };
        };
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
