package dev.sluice.runtime.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, with every refused peer logged once as a warning that names the peer's certificate,
 * its address and why it was refused (expired, not yet valid, issued by another CA, wrong host name), since a TLS
 * library otherwise reports a failed handshake only at debug level, if at all.
 */
final class RefusalLoggingTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = Logger.getLogger(RefusalLoggingTrustManager.class.getName());

    private final X509ExtendedTrustManager delegate;
    private final String peerRole;

    RefusalLoggingTrustManager(X509ExtendedTrustManager delegate, String peerRole) {
        this.delegate = delegate;
        this.peerRole = peerRole;
    }

    /** Runs a check; a refusal is logged and rethrown. */
    private interface Check {
        void run() throws CertificateException;
    }

    private void checked(X509Certificate[] chain, String peer, Check check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            String subject = chain == null || chain.length == 0
                    ? "(no certificate)"
                    : chain[0].getSubjectX500Principal().getName();
            LOG.warning("TLS: refused " + peerRole + " " + subject + " at " + peer + ": "
                    + reason(chain, e, Instant.now()));
            throw e;
        }
    }

    static String reason(X509Certificate[] chain, CertificateException e, Instant now) {
        if (chain == null || chain.length == 0) {
            return "it presented no certificate";
        }
        X509Certificate leaf = chain[0];
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            return "certificate expired on " + leaf.getNotAfter().toInstant();
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            return "certificate not valid before " + leaf.getNotBefore().toInstant();
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("certification path") || message.contains("PKIX")) {
            return "certificate issued by " + leaf.getIssuerX500Principal().getName()
                    + ", which does not chain to the trusted CA";
        }
        return message;
    }

    private static String peer(SSLEngine engine) {
        return engine == null || engine.getPeerHost() == null
                ? "an address TLS was not told"
                : engine.getPeerHost() + ":" + engine.getPeerPort();
    }

    private static String peer(Socket socket) {
        return socket == null ? "unknown address" : String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checked(chain, peer(engine), () -> delegate.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checked(chain, peer(engine), () -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checked(chain, peer(socket), () -> delegate.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checked(chain, peer(socket), () -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checked(chain, "unknown address", () -> delegate.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checked(chain, "unknown address", () -> delegate.checkServerTrusted(chain, authType));
    }

    /**
     * None named: a server that names its CA in the certificate request makes a client holding a certificate from
     * another CA send none, and the refusal would reach this class without the certificate that explains it.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
