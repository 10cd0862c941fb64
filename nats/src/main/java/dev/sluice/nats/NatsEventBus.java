package dev.sluice.nats;

import dev.sluice.runtime.EventBus;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The event plane on NATS. Subjects map one to one ({@code sluice.ns.>} is a NATS wildcard already); each
 * subscription has its own dispatcher, so its handler runs one message at a time, in order. The connection
 * reconnects forever; events published while disconnected are buffered by the client up to its limit.
 */
public final class NatsEventBus implements EventBus {
    private static final Logger LOG = Logger.getLogger(NatsEventBus.class.getName());
    private static final int FIRST_ATTEMPTS = 3;

    private final Connection connection;
    private final java.util.List<Runnable> reconnectCallbacks;

    private NatsEventBus(Connection connection, java.util.List<Runnable> reconnectCallbacks) {
        this.connection = connection;
        this.reconnectCallbacks = reconnectCallbacks;
    }

    /** Connects to {@code url} (e.g. {@code nats://127.0.0.1:4222}). */
    public static NatsEventBus connect(String url) {
        return connect(url, NatsSecurity.none());
    }

    /** Connects with TLS and/or a credentials file or token. */
    public static NatsEventBus connect(String url, NatsSecurity security) {
        java.util.List<Runnable> callbacks = new java.util.concurrent.CopyOnWriteArrayList<>();
        Options.Builder options = Options.builder();
        security.tls().ifPresent(tls -> options.sslContext(tls.sslContext("NATS server")));
        security.credentials().ifPresent(file -> options.authHandler(Nats.credentials(file.toString())));
        security.token().ifPresent(token -> options.token(token.toCharArray()));
        options.server(url)
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionName("sluice")
                .connectionListener((conn, event) -> {
                    if (event == io.nats.client.ConnectionListener.Events.RECONNECTED) {
                        LOG.info("NATS reconnected to " + url);
                        callbacks.forEach(NatsEventBus::runQuietly);
                    }
                });
        return new NatsEventBus(firstConnection(url, options.build()), callbacks);
    }

    /**
     * The first connection, tried up to {@value #FIRST_ATTEMPTS} times: a cold JVM on a loaded host can miss the
     * server's TLS handshake deadline (half a second to two seconds) once and make it when its crypto code is warm.
     */
    private static Connection firstConnection(String url, Options options) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Nats.connect(options);
            } catch (IOException e) {
                if (attempt == FIRST_ATTEMPTS) {
                    throw new IllegalStateException("cannot connect to NATS at " + url + ": " + e.getMessage(), e);
                }
                LOG.warning("connecting to NATS at " + url + " failed (" + e.getMessage() + "); trying again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted connecting to NATS at " + url, e);
            }
        }
    }

    @Override
    public void publish(String subject, byte[] payload) {
        connection.publish(subject, payload);
    }

    @Override
    public Subscription subscribe(String subject, Consumer<byte[]> handler) {
        Dispatcher dispatcher = connection.createDispatcher(msg -> {
            try {
                handler.accept(msg.getData());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event handler for " + subject + " failed", e);
            }
        });
        dispatcher.subscribe(subject);
        try {
            connection.flush(Duration.ofSeconds(5)); // the server has the subscription when this returns
        } catch (Exception e) {
            LOG.log(Level.FINE, "flush after subscribing to " + subject + " did not complete", e);
        }
        return () -> connection.closeDispatcher(dispatcher);
    }

    @Override
    public Subscription onReconnect(Runnable callback) {
        Runnable own = callback::run; // a distinct element, so closing removes this registration only
        reconnectCallbacks.add(own);
        return () -> reconnectCallbacks.remove(own);
    }

    private static void runQuietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reconnect callback failed", e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
