package dev.sluice.cli;

import dev.sluice.etcd.EtcdSecurity;
import dev.sluice.nats.NatsSecurity;
import dev.sluice.runtime.tls.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * TLS and credentials for etcd and NATS, shared by {@code worker} and {@code frontend}. Secrets are read from files,
 * never taken on the command line, where other users of the host could read them.
 */
final class ServiceSecurityOptions {
    @Option(names = "--etcd-ca", paramLabel = "PEM", description = "CA of etcd's certificate; use https:// in --etcd.")
    Optional<Path> etcdCa = Optional.empty();

    @Option(
            names = "--etcd-cert",
            paramLabel = "PEM",
            description = "Client certificate for etcd started with --client-cert-auth (with --etcd-key).")
    Optional<Path> etcdCert = Optional.empty();

    @Option(names = "--etcd-key", paramLabel = "PEM", description = "PKCS#8 key of --etcd-cert.")
    Optional<Path> etcdKey = Optional.empty();

    @Option(names = "--etcd-user", description = "etcd user (etcd auth enabled); its password in --etcd-password-file.")
    Optional<String> etcdUser = Optional.empty();

    @Option(names = "--etcd-password-file", paramLabel = "FILE", description = "A file holding the etcd password.")
    Optional<Path> etcdPasswordFile = Optional.empty();

    @Option(
            names = "--nats-ca",
            paramLabel = "PEM",
            description = "CA of the NATS server's certificate: connect over TLS.")
    Optional<Path> natsCa = Optional.empty();

    @Option(
            names = "--nats-cert",
            paramLabel = "PEM",
            description = "Client certificate for a NATS server that verifies clients (with --nats-key).")
    Optional<Path> natsCert = Optional.empty();

    @Option(names = "--nats-key", paramLabel = "PEM", description = "PKCS#8 key of --nats-cert.")
    Optional<Path> natsKey = Optional.empty();

    @Option(
            names = "--nats-creds",
            paramLabel = "FILE",
            description = "NATS credentials file (user JWT and NKey seed, as nsc writes it).")
    Optional<Path> natsCreds = Optional.empty();

    @Option(
            names = "--nats-token-file",
            paramLabel = "FILE",
            description = "A file holding the NATS authorization token.")
    Optional<Path> natsTokenFile = Optional.empty();

    EtcdSecurity etcd() {
        return new EtcdSecurity(
                tls("--etcd", etcdCa, etcdCert, etcdKey),
                etcdUser,
                etcdPasswordFile.map(f -> secret("--etcd-password-file", f)));
    }

    NatsSecurity nats() {
        return new NatsSecurity(
                tls("--nats", natsCa, natsCert, natsKey),
                natsCreds.map(f -> RequestPlaneTlsOptions.readable("--nats-creds", f)),
                natsTokenFile.map(f -> secret("--nats-token-file", f)));
    }

    private static Optional<TlsFiles> tls(String prefix, Optional<Path> ca, Optional<Path> cert, Optional<Path> key) {
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException(prefix + "-cert and " + prefix + "-key go together");
        }
        if (ca.isEmpty()) {
            if (cert.isPresent()) {
                throw new IllegalArgumentException(prefix + "-cert needs " + prefix + "-ca");
            }
            return Optional.empty();
        }
        return Optional.of(new TlsFiles(
                RequestPlaneTlsOptions.readable(prefix + "-ca", ca.get()),
                cert.map(c -> RequestPlaneTlsOptions.readable(prefix + "-cert", c)),
                key.map(k -> RequestPlaneTlsOptions.readable(prefix + "-key", k))));
    }

    /** The first line of a secret file, without its line end. */
    private static String secret(String flag, Path file) {
        try {
            String text = Files.readString(RequestPlaneTlsOptions.readable(flag, file))
                    .strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException(flag + " " + file + " is empty");
            }
            return text.lines().findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(flag + " " + file + " cannot be read", e);
        }
    }
}
