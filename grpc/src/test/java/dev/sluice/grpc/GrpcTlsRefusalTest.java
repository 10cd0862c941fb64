package dev.sluice.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.tls.TestPki;
import dev.sluice.runtime.tls.TlsFiles;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who the request plane refuses under mutual TLS, and that each refusal is logged with its reason: a client without
 * a certificate, in plaintext, with a certificate from another CA or an expired one; and, on the calling side, a
 * worker whose certificate comes from another CA.
 */
@Timeout(60)
class GrpcTlsRefusalTest {
    private static final Logger TLS_LOG = Logger.getLogger("dev.sluice.runtime.tls");

    @TempDir
    Path dir;

    private TestPki fleet;
    private TestPki rogue;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            warnings.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void setUp() throws Exception {
        fleet = TestPki.create(dir, "fleet");
        rogue = TestPki.create(dir, "rogue");
        TLS_LOG.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        TLS_LOG.removeHandler(capture);
    }

    private static RequestPlane.Registration serve(GrpcRequestPlane plane) {
        return plane.serve(1, (req, ctx) -> ResponseStream.of(List.of(EngineOutput.finished(FinishReason.EOS, 7))));
    }

    private static InstanceRecord at(RequestPlane.Registration reg) {
        return new InstanceRecord(
                "ns", "c", "e", 1, reg.address(), new WorkerMetadata("m", WorkerRole.DECODE, 100, 100, 16, 1, 1, 1));
    }

    private static List<EngineOutput> call(GrpcRequestPlane caller, RequestPlane.Registration reg) {
        return caller.client(at(reg))
                .generate(
                        PreprocessedRequest.of("m", new int[] {1}, StopConditions.maxTokens(5)),
                        RequestContext.create("r"))
                .toList();
    }

    private static void rawCall(ManagedChannel channel) {
        try {
            ClientCalls.blockingServerStreamingCall(
                            channel,
                            WireMethods.GENERATE,
                            CallOptions.DEFAULT.withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS),
                            RequestCodec.encode(
                                    "r", PreprocessedRequest.of("m", new int[] {1}, StopConditions.maxTokens(5))))
                    .forEachRemaining(o -> {});
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aClientWithTheFleetsCertificateIsServed() throws Exception {
        try (GrpcRequestPlane worker =
                        new GrpcRequestPlane("127.0.0.1", 0, Optional.of(fleet.files(fleet.issue("w"))));
                GrpcRequestPlane frontend =
                        new GrpcRequestPlane("127.0.0.1", 0, Optional.of(fleet.files(fleet.issue("f"))))) {
            assertThat(call(frontend, serve(worker))).hasSize(1);
        }
    }

    @Test
    void aClientWithoutACertificateOrInPlaintextCannotCallGenerate() throws Exception {
        try (GrpcRequestPlane worker =
                new GrpcRequestPlane("127.0.0.1", 0, Optional.of(fleet.files(fleet.issue("w"))))) {
            RequestPlane.Registration reg = serve(worker);
            ManagedChannel noCert = NettyChannelBuilder.forTarget(
                            reg.address(),
                            TlsChannelCredentials.newBuilder()
                                    .trustManager(fleet.caCertificate().toFile())
                                    .build())
                    .build();
            assertThatThrownBy(() -> rawCall(noCert)).isInstanceOf(StatusRuntimeException.class);
            ManagedChannel plain =
                    NettyChannelBuilder.forTarget(reg.address()).usePlaintext().build();
            assertThatThrownBy(() -> rawCall(plain)).isInstanceOf(StatusRuntimeException.class);
            try (GrpcRequestPlane plainPlane = new GrpcRequestPlane("127.0.0.1", 0)) {
                assertThatThrownBy(() -> call(plainPlane, reg)).isInstanceOf(StreamBrokenException.class);
            }
        }
    }

    @Test
    void aClientFromAnotherCaIsRefusedAndTheWorkerLogsWhy() throws Exception {
        TestPki.Issued foreign = rogue.issue("intruder");
        try (GrpcRequestPlane worker =
                        new GrpcRequestPlane("127.0.0.1", 0, Optional.of(fleet.files(fleet.issue("w"))));
                GrpcRequestPlane intruder = new GrpcRequestPlane(
                        "127.0.0.1",
                        0,
                        Optional.of(TlsFiles.mutual(
                                fleet.caCertificate(), // it trusts the worker, but the worker does not trust it
                                foreign.certificate(),
                                foreign.privateKey())))) {
            assertThatThrownBy(() -> call(intruder, serve(worker))).isInstanceOf(StreamBrokenException.class);
        }
        assertThat(warnings)
                .anyMatch(w -> w.contains("refused gRPC client CN=intruder")
                        && w.contains("issued by CN=rogue test CA, which does not chain to the trusted CA"));
    }

    @Test
    void anExpiredClientCertificateIsRefusedAndTheLogSaysExpired() throws Exception {
        TestPki.Issued expired = fleet.issue(
                "stale", Instant.now().minus(Duration.ofDays(3)), Instant.now().minus(Duration.ofDays(1)));
        try (GrpcRequestPlane worker =
                        new GrpcRequestPlane("127.0.0.1", 0, Optional.of(fleet.files(fleet.issue("w"))));
                GrpcRequestPlane stale = new GrpcRequestPlane("127.0.0.1", 0, Optional.of(fleet.files(expired)))) {
            assertThatThrownBy(() -> call(stale, serve(worker))).isInstanceOf(StreamBrokenException.class);
        }
        assertThat(warnings).anyMatch(w -> w.contains("refused gRPC client CN=stale") && w.contains("expired on"));
    }

    @Test
    void aWorkerWithACertificateFromAnotherCaIsRefusedByTheCaller() throws Exception {
        TestPki.Issued fake = rogue.issue("fake-worker");
        try (GrpcRequestPlane worker = new GrpcRequestPlane(
                        "127.0.0.1",
                        0,
                        Optional.of(TlsFiles.mutual(fleet.caCertificate(), fake.certificate(), fake.privateKey())));
                GrpcRequestPlane frontend =
                        new GrpcRequestPlane("127.0.0.1", 0, Optional.of(fleet.files(fleet.issue("f"))))) {
            assertThatThrownBy(() -> call(frontend, serve(worker))).isInstanceOf(StreamBrokenException.class);
        }
        assertThat(warnings)
                .anyMatch(w -> w.contains("refused worker CN=fake-worker at 127.0.0.1:")
                        && w.contains("does not chain to the trusted CA"));
    }
}
