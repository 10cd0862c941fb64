package dev.sluice.grpc;

import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.contract.RequestPlaneContract;
import dev.sluice.runtime.tls.TestPki;
import dev.sluice.runtime.tls.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;

/** The request-plane contract over gRPC with mutual TLS: everything still works when both ends prove who they are. */
class GrpcMutualTlsTest extends RequestPlaneContract {
    private static TlsFiles files;

    @BeforeAll
    static void certificates() throws Exception {
        Path dir = Files.createTempDirectory("sluice-grpc-tls");
        TestPki pki = TestPki.create(dir, "fleet");
        files = pki.files(pki.issue("node"));
    }

    @Override
    protected RequestPlane create() {
        return new GrpcRequestPlane("127.0.0.1", 0, Optional.of(files));
    }
}
