package dev.sluice.runtime.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS material in PEM files, as openssl, cert-manager and etcd's docs lay it out: the CA certificate(s) peers must
 * chain to, and optionally this process's own certificate chain and its PKCS#8 private key. Peers are checked by a
 * trust manager that logs every refusal with its reason ({@link RefusalLoggingTrustManager}).
 */
public record TlsFiles(Path ca, Optional<Path> certificate, Optional<Path> privateKey) {
    public TlsFiles {
        if (certificate.isPresent() != privateKey.isPresent()) {
            throw new IllegalArgumentException("a TLS certificate needs its private key and the other way round");
        }
    }

    /** A CA, a certificate and its key: what mutual TLS needs on both ends. */
    public static TlsFiles mutual(Path ca, Path certificate, Path privateKey) {
        return new TlsFiles(ca, Optional.of(certificate), Optional.of(privateKey));
    }

    public boolean hasIdentity() {
        return certificate.isPresent();
    }

    /** Trusts the CA's certificates only, logging refused peers as {@code peerRole} (e.g. "gRPC client"). */
    public X509ExtendedTrustManager trustManager(String peerRole) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<X509Certificate> cas = certificates(ca);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new RefusalLoggingTrustManager(x, peerRole);
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use CA file " + ca + ": " + e.getMessage(), e);
        }
    }

    /** This process's certificate and key, presented to peers; none without a certificate. */
    public KeyManager[] keyManagers() {
        if (!hasIdentity()) {
            return new KeyManager[0];
        }
        Path cert = certificate.orElseThrow();
        try {
            List<X509Certificate> chain = certificates(cert);
            PrivateKey key = Pem.privateKey(privateKey.orElseThrow());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("self", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, none);
            return f.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "cannot use certificate " + cert + " with key " + privateKey.orElseThrow() + ": " + e.getMessage(),
                    e);
        }
    }

    /** A TLS 1.2/1.3 context with {@link #keyManagers()} and {@link #trustManager(String)}. */
    public SSLContext sslContext(String peerRole) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), new TrustManager[] {trustManager(peerRole)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> out = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
            if (out.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + pem);
            }
            return out;
        }
    }
}
