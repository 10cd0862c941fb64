package dev.sluice.nats;

import dev.sluice.runtime.tls.TlsFiles;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How Sluice proves itself to NATS and checks it: TLS (the CA the server's certificate chains to, and this process's
 * certificate when the server verifies clients), and either a credentials file (JWT and NKey seed, as {@code nsc}
 * writes it) or a token. {@link #toString()} never shows the token.
 */
public record NatsSecurity(Optional<TlsFiles> tls, Optional<Path> credentials, Optional<String> token) {
    public NatsSecurity {
        if (credentials.isPresent() && token.isPresent()) {
            throw new IllegalArgumentException("--nats-creds and --nats-token-file exclude each other");
        }
    }

    public static NatsSecurity none() {
        return new NatsSecurity(Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "NatsSecurity[tls=" + tls + ", credentials=" + credentials + ", token="
                + (token.isPresent() ? "***" : "none") + "]";
    }
}
