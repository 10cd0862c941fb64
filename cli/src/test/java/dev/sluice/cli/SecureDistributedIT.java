package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.etcd.EtcdDiscovery;
import dev.sluice.etcd.EtcdSecurity;
import dev.sluice.grpc.GrpcRequestPlane;
import dev.sluice.nats.NatsEventBus;
import dev.sluice.nats.NatsSecurity;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.StreamBrokenException;
import dev.sluice.runtime.tls.TestPki;
import dev.sluice.runtime.tls.TlsFiles;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A locked-down deployment as separate processes, with certificates made at test time: etcd over TLS with client
 * certificates and user/password auth, NATS over TLS with client certificates and a token, and mutual TLS on the
 * gRPC request plane. The frontend serves through it; a client without a certificate cannot call a worker's
 * Generate; a worker whose certificate comes from another CA is refused by the frontend, which logs why.
 */
@Timeout(240)
class SecureDistributedIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theFrontendServesOverMutualTlsAndRefusesStrangers() throws Exception {
        TestPki fleet = TestPki.create(dir, "fleet");
        TestPki rogue = TestPki.create(dir, "rogue");
        Path password = Files.writeString(dir.resolve("etcd-password"), "etcd-pw-7d1c\n");
        Path token = Files.writeString(dir.resolve("nats-token"), "nats-token-9e2f\n");
        try (Processes ps = new Processes();
                HttpClient http = HttpClient.newHttpClient()) {
            String etcd = startEtcd(ps, fleet);
            enableEtcdAuth(etcd, fleet, "etcd-pw-7d1c");
            String nats = startNats(ps, fleet, "nats-token-9e2f");
            List<String> services = services(fleet, password, token);
            assertServicesRefuseTheUncredentialed(etcd, nats, fleet);

            TestPki.Issued good = fleet.issue("worker-good");
            Processes.Worker worker = ps.worker(etcd, nats, concat(services, plane(fleet.caCertificate(), good)));
            TestPki.Issued fake = rogue.issue("worker-rogue");
            Processes.Worker impostor = ps.worker(etcd, nats, concat(services, plane(fleet.caCertificate(), fake)));

            int port = Processes.freePort();
            TestPki.Issued front = fleet.issue("frontend");
            List<String> args = new ArrayList<>(List.of(
                    "frontend",
                    "--etcd",
                    etcd,
                    "--nats",
                    nats,
                    "--http-host",
                    "127.0.0.1",
                    "--http-port",
                    Integer.toString(port),
                    "--router",
                    "round-robin"));
            args.addAll(services);
            args.addAll(plane(fleet.caCertificate(), front));
            Processes.Child frontend = ps.sluice(args.toArray(String[]::new));
            frontend.awaitLine("Sluice frontend at", Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + port;
            Processes.awaitModel(http, base);

            for (int i = 0; i < 6; i++) {
                HttpResponse<String> res = complete(http, base);
                assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                JsonNode workers = JSON.readTree(res.body()).path("sluice").path("worker");
                assertThat(workers.get(workers.size() - 1).asLong())
                        .as("every request ends on the worker with the fleet's certificate")
                        .isEqualTo(worker.id());
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(frontend.lines())
                    .anyMatch(l -> l.contains("TLS: refused worker CN=worker-rogue")
                            && l.contains("does not chain to the trusted CA")));

            String address = addressOf(worker);
            assertThatThrownBy(() -> callWithoutCertificate(address, fleet.caCertificate()))
                    .isInstanceOf(StatusRuntimeException.class);
            try (GrpcRequestPlane plaintext = new GrpcRequestPlane("127.0.0.1", 0);
                    GrpcRequestPlane foreign = new GrpcRequestPlane(
                            "127.0.0.1",
                            0,
                            Optional.of(
                                    TlsFiles.mutual(fleet.caCertificate(), fake.certificate(), fake.privateKey())))) {
                for (GrpcRequestPlane stranger : List.of(plaintext, foreign)) {
                    assertThatThrownBy(() -> generate(stranger, address)).isInstanceOf(StreamBrokenException.class);
                }
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(worker.process().lines())
                            .anyMatch(l -> l.contains("TLS: refused gRPC client CN=worker-rogue")));
            assertThat(impostor.process().process().isAlive()).isTrue();
        }
    }

    /** etcd refuses a client with the right certificate but no user; NATS one with a certificate but no token. */
    private static void assertServicesRefuseTheUncredentialed(String etcd, String nats, TestPki fleet)
            throws Exception {
        TestPki.Issued client = fleet.issue("no-credentials");
        TlsFiles tls = fleet.files(client);
        try (EtcdDiscovery discovery =
                EtcdDiscovery.connect(etcd, new EtcdSecurity(Optional.of(tls), Optional.empty(), Optional.empty()))) {
            assertThatThrownBy(() -> discovery.get("v1/")).hasMessageContaining("etcd get v1/ failed");
        }
        assertThatThrownBy(() -> NatsEventBus.connect(
                        nats, new NatsSecurity(Optional.of(tls), Optional.empty(), Optional.empty())))
                .hasMessageContaining("cannot connect to NATS");
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private static List<String> plane(Path ca, TestPki.Issued id) {
        return List.of(
                "--tls-ca",
                ca.toString(),
                "--tls-cert",
                id.certificate().toString(),
                "--tls-key",
                id.privateKey().toString());
    }

    /** etcd and NATS flags: the fleet CA, a client certificate for each, etcd's user and NATS's token from files. */
    private static List<String> services(TestPki fleet, Path password, Path token) throws Exception {
        TestPki.Issued client = fleet.issue("sluice-client");
        String ca = fleet.caCertificate().toString();
        return List.of(
                "--etcd-ca",
                ca,
                "--etcd-cert",
                client.certificate().toString(),
                "--etcd-key",
                client.privateKey().toString(),
                "--etcd-user",
                "root",
                "--etcd-password-file",
                password.toString(),
                "--nats-ca",
                ca,
                "--nats-cert",
                client.certificate().toString(),
                "--nats-key",
                client.privateKey().toString(),
                "--nats-token-file",
                token.toString());
    }

    private String startEtcd(Processes ps, TestPki fleet) throws Exception {
        TestPki.Issued server = fleet.issue("etcd");
        String url = "https://127.0.0.1:" + Processes.freePort();
        String peer = "http://127.0.0.1:" + Processes.freePort();
        ps.start(List.of(
                        "etcd",
                        "--name",
                        "secure",
                        "--data-dir",
                        Files.createDirectory(dir.resolve("etcd")).toString(),
                        "--listen-client-urls",
                        url,
                        "--advertise-client-urls",
                        url,
                        "--listen-peer-urls",
                        peer,
                        "--initial-advertise-peer-urls",
                        peer,
                        "--initial-cluster",
                        "secure=" + peer,
                        "--cert-file",
                        server.certificate().toString(),
                        "--key-file",
                        server.privateKey().toString(),
                        "--trusted-ca-file",
                        fleet.caCertificate().toString(),
                        "--client-cert-auth"))
                .awaitLine("ready to serve client requests", Duration.ofSeconds(30));
        return url;
    }

    /** Creates etcd's root user with {@code password} and turns authentication on. */
    private static void enableEtcdAuth(String url, TestPki fleet, String password) throws Exception {
        TestPki.Issued admin = fleet.issue("admin");
        try (Client c = Client.builder()
                .endpoints(url)
                .sslContext(b -> b.trustManager(fleet.caCertificate().toFile())
                        .keyManager(
                                admin.certificate().toFile(), admin.privateKey().toFile()))
                .build()) {
            var auth = c.getAuthClient();
            auth.roleAdd(bytes("root")).get(10, TimeUnit.SECONDS);
            auth.userAdd(bytes("root"), bytes(password)).get(10, TimeUnit.SECONDS);
            auth.userGrantRole(bytes("root"), bytes("root")).get(10, TimeUnit.SECONDS);
            auth.authEnable().get(10, TimeUnit.SECONDS);
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private String startNats(Processes ps, TestPki fleet, String token) throws Exception {
        TestPki.Issued server = fleet.issue("nats");
        int port = Processes.freePort();
        ps.start(List.of(
                        "nats-server",
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "--tls",
                        "--tlscert",
                        server.certificate().toString(),
                        "--tlskey",
                        server.privateKey().toString(),
                        "--tlscacert",
                        fleet.caCertificate().toString(),
                        "--tlsverify",
                        "--auth",
                        token))
                .awaitLine("Server is ready", Duration.ofSeconds(30));
        return "nats://127.0.0.1:" + port;
    }

    private static String addressOf(Processes.Worker w) {
        String afterAt = w.line().substring(w.line().lastIndexOf(" at ") + 4).strip();
        return afterAt.split(" ")[0];
    }

    private static HttpResponse<String> complete(HttpClient http, String base) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/completions"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"Qwen/Qwen3-0.6B\",\"prompt\":[1,2,3],"
                                + "\"max_tokens\":2,\"sluice\":{\"annotations\":[\"worker\"]}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void generate(GrpcRequestPlane stranger, String address) {
        InstanceRecord record = new InstanceRecord(
                "sluice",
                "backend",
                "generate",
                1,
                address,
                new WorkerMetadata("Qwen/Qwen3-0.6B", WorkerRole.DECODE, 32768, 32768, 16, 2048, 256, 8192));
        stranger.client(record)
                .generate(
                        PreprocessedRequest.of("Qwen/Qwen3-0.6B", new int[] {1, 2, 3}, StopConditions.maxTokens(2)),
                        RequestContext.create("stranger"))
                .toList();
    }

    /** A raw {@code sluice.Worker/Generate} call over TLS that trusts the worker but shows no certificate. */
    private static void callWithoutCertificate(String address, Path ca) throws IOException {
        ManagedChannel channel = NettyChannelBuilder.forTarget(
                        address,
                        TlsChannelCredentials.newBuilder()
                                .trustManager(ca.toFile())
                                .build())
                .build();
        MethodDescriptor<byte[], byte[]> generate = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                .setFullMethodName("sluice.Worker/Generate")
                .setRequestMarshaller(new Bytes())
                .setResponseMarshaller(new Bytes())
                .build();
        try {
            ClientCalls.blockingServerStreamingCall(
                            channel,
                            generate,
                            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                            "{}".getBytes(StandardCharsets.UTF_8))
                    .forEachRemaining(b -> {});
        } finally {
            channel.shutdownNow();
        }
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
