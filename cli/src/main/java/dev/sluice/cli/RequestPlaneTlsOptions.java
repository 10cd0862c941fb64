package dev.sluice.cli;

import dev.sluice.runtime.tls.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Mutual TLS on the gRPC request plane, shared by {@code worker} and {@code frontend}. */
final class RequestPlaneTlsOptions {
    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description = "This process's certificate (chain) for gRPC, signed by --tls-ca. A worker's must name"
                    + " its --grpc-host (subject alternative name). With --tls-key and --tls-ca: mutual TLS.")
    Optional<Path> cert = Optional.empty();

    @Option(
            names = "--tls-key",
            paramLabel = "PEM",
            description = "The private key of --tls-cert, unencrypted PKCS#8 ('BEGIN PRIVATE KEY').")
    Optional<Path> key = Optional.empty();

    @Option(
            names = "--tls-ca",
            paramLabel = "PEM",
            description = "The CA that signs every frontend's and worker's certificate: a worker serves only"
                    + " clients whose certificate chains to it, and a frontend calls only such workers.")
    Optional<Path> ca = Optional.empty();

    Optional<TlsFiles> files() {
        if (cert.isEmpty() && key.isEmpty() && ca.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isEmpty() || key.isEmpty() || ca.isEmpty()) {
            throw new IllegalArgumentException("--tls-cert, --tls-key and --tls-ca go together (mutual TLS)");
        }
        return Optional.of(TlsFiles.mutual(
                readable("--tls-ca", ca.get()), readable("--tls-cert", cert.get()), readable("--tls-key", key.get())));
    }

    /** {@code file}, or a start-up error naming {@code flag} if it cannot be read. */
    static Path readable(String flag, Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(
                    flag + " " + file + (Files.exists(file) ? " cannot be read" : " does not exist"));
        }
        return file;
    }
}
