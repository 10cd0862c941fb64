package dev.sluice.grpc;

import dev.sluice.runtime.tls.TlsFiles;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;

/**
 * Mutual TLS credentials of the request plane: a worker requires a client certificate chaining to the CA; a caller
 * presents its own and accepts a worker only if the worker's certificate chains to the CA and names the host in its
 * advertised address. Refusals on either end are logged with their reason by the trust manager.
 */
final class GrpcTls {
    private GrpcTls() {}

    static ServerCredentials server(TlsFiles tls) {
        requireIdentity(tls);
        return TlsServerCredentials.newBuilder()
                .keyManager(tls.keyManagers())
                .trustManager(tls.trustManager("gRPC client"))
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
    }

    static ChannelCredentials client(TlsFiles tls) {
        requireIdentity(tls);
        return TlsChannelCredentials.newBuilder()
                .keyManager(tls.keyManagers())
                .trustManager(tls.trustManager("worker"))
                .build();
    }

    private static void requireIdentity(TlsFiles tls) {
        if (!tls.hasIdentity()) {
            throw new IllegalArgumentException("mutual TLS on the request plane needs --tls-cert and --tls-key");
        }
    }
}
