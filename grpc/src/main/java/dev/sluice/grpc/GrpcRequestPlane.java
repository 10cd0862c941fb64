package dev.sluice.grpc;

import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.tls.TlsFiles;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The request plane on gRPC: {@code sluice.Worker/Generate} is a server-streaming call that carries a
 * {@link PreprocessedRequest} as protobuf ({@code sluice-wire}) and returns batches of {@link EngineOutput}s, every
 * output a sequence had ready in one message. The request context's deadline becomes the call's deadline and the
 * worker's; closing the client stream cancels the call, which kills the request on the worker; a worker that vanishes
 * mid-stream surfaces as {@link StreamBrokenException}. Both sides honour HTTP/2 flow control (see
 * {@link WorkerService} and {@link GrpcResponseStream}), so a stalled consumer costs a bounded window, not a growing
 * buffer. One channel per worker address, shared by all requests, kept alive with pings; {@link #releaseDeparted}
 * closes a worker's channel when it leaves discovery.
 */
public final class GrpcRequestPlane implements RequestPlane {
    /** Per-stream HTTP/2 window: the most a stalled stream holds in flight between the two processes. */
    static final int FLOW_CONTROL_WINDOW_BYTES = 1 << 20;

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

    @Override
    public Registration serve(long instanceId, Engine<PreprocessedRequest, EngineOutput> engine) {
        Server server;
        try {
            InetSocketAddress at = new InetSocketAddress(host, port);
            server = serverCredentials
                    .map(c -> NettyServerBuilder.forAddress(at, c))
                    .orElseGet(() -> NettyServerBuilder.forAddress(at))
                    .addService(WorkerService.definition(engine))
                    .directExecutor()
                    .flowControlWindow(FLOW_CONTROL_WINDOW_BYTES)
                    .permitKeepAliveTime(5, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
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

    @Override
    public Engine<PreprocessedRequest, EngineOutput> client(InstanceRecord instance) {
        String address = instance.address();
        ManagedChannel channel = channels.computeIfAbsent(address, this::open);
        return (request, context) -> {
            CallOptions options = CallOptions.DEFAULT;
            if (context.deadline().isPresent()) {
                long millis = Math.max(
                        1,
                        context.deadline().get().toEpochMilli() - Instant.now().toEpochMilli());
                options = options.withDeadline(Deadline.after(millis, TimeUnit.MILLISECONDS));
            }
            GrpcResponseStream stream = GrpcResponseStream.start(
                    channel.newCall(WireMethods.GENERATE, options),
                    RequestCodec.encode(context.id(), request),
                    address);
            context.onCancel(stream::cancel);
            return stream;
        };
    }

    private ManagedChannel open(String address) {
        return channelCredentials
                .map(c -> NettyChannelBuilder.forTarget(address, c))
                .orElseGet(() -> NettyChannelBuilder.forTarget(address).usePlaintext())
                .directExecutor()
                .flowControlWindow(FLOW_CONTROL_WINDOW_BYTES)
                .keepAliveTime(20, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .idleTimeout(5, TimeUnit.MINUTES)
                .build();
    }

    /**
     * Watches the worker records in {@code discovery} and shuts down the channel to a worker whose record is deleted
     * (calls in flight finish or break; a later call opens a new channel). Close the watch to stop.
     */
    public Discovery.Watch releaseDeparted(Discovery discovery) {
        return discovery.watch(DiscoveryKeys.INSTANCES, new DepartedWorkers(address -> {
            ManagedChannel gone = channels.remove(address);
            if (gone != null) {
                gone.shutdown();
            }
        }));
    }

    /** The addresses this plane holds a channel to. */
    Set<String> channelAddresses() {
        return Set.copyOf(channels.keySet());
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
