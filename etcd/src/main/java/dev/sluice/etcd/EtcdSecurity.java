package dev.sluice.etcd;

import dev.sluice.runtime.tls.TlsFiles;
import java.util.Optional;

/**
 * How Sluice proves itself to etcd and checks etcd: client TLS (the CA etcd's certificate chains to, and this
 * process's certificate when etcd runs with {@code --client-cert-auth}), and etcd's own user and password. Use
 * {@code https://} endpoints with TLS. {@link #toString()} never shows the password.
 */
public record EtcdSecurity(Optional<TlsFiles> tls, Optional<String> user, Optional<String> password) {
    public EtcdSecurity {
        if (user.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("--etcd-user and --etcd-password-file go together");
        }
    }

    public static EtcdSecurity none() {
        return new EtcdSecurity(Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "EtcdSecurity[tls=" + tls + ", user=" + user + ", password=" + (password.isPresent() ? "***" : "none")
                + "]";
    }
}
