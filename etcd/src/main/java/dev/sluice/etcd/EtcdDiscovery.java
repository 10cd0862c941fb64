package dev.sluice.etcd;

import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.tls.TlsFiles;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;

/**
 * Discovery on etcd. A lease is an etcd lease kept alive by the client; when the process dies its keys vanish after
 * the TTL, and closing the lease revokes it at once. A watch first lists the prefix, then watches from the next
 * revision, so it sees every entry once and every later change in order; its callbacks never overlap.
 */
public final class EtcdDiscovery implements Discovery {
    private static final Logger LOG = Logger.getLogger(EtcdDiscovery.class.getName());
    private static final long TIMEOUT_SECONDS = 10;

    private final Client client;
    private final java.util.Set<KeptLease> leases = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private EtcdDiscovery(Client client) {
        this.client = client;
    }

    /** Connects to etcd at {@code endpoints} (comma-separated URLs, e.g. {@code http://127.0.0.1:2379}). */
    public static EtcdDiscovery connect(String endpoints) {
        return connect(endpoints, EtcdSecurity.none());
    }

    /** Connects with client TLS and/or a user and password; TLS needs {@code https://} endpoints. */
    public static EtcdDiscovery connect(String endpoints, EtcdSecurity security) {
        ClientBuilder b = Client.builder().endpoints(endpoints.split(","));
        security.user().ifPresent(u -> b.user(bytes(u)));
        security.password().ifPresent(p -> b.password(bytes(p)));
        if (security.tls().isPresent()) {
            TlsFiles tls = security.tls().get();
            try {
                b.sslContext(ssl -> {
                    ssl.trustManager(tls.trustManager("etcd server"));
                    for (KeyManager km : tls.keyManagers()) {
                        ssl.keyManager(km);
                    }
                });
            } catch (SSLException e) {
                throw new IllegalArgumentException("cannot set up TLS to etcd: " + e.getMessage(), e);
            }
        }
        return new EtcdDiscovery(b.build());
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during etcd " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("etcd " + what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Lease grantLease(Duration ttl) {
        try {
            KeptLease lease = new KeptLease(client, Math.max(1, ttl.toSeconds()));
            leases.add(lease);
            return lease;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during etcd lease grant", e);
        } catch (Exception e) {
            throw new IllegalStateException("etcd lease grant failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, byte[] value, Lease lease) {
        if (!(lease instanceof KeptLease kept)) {
            throw new IllegalArgumentException("lease " + lease.id() + " was not granted by this etcd discovery");
        }
        try {
            kept.put(key, value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during etcd put " + key, e);
        } catch (Exception e) {
            throw new IllegalStateException("etcd put " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        leases.forEach(l -> l.forget(key));
        await(client.getKVClient().delete(bytes(key)), "delete " + key);
    }

    @Override
    public List<KeyValue> get(String prefix) {
        return entries(list(prefix));
    }

    private GetResponse list(String prefix) {
        return await(
                client.getKVClient()
                        .get(bytes(prefix), GetOption.builder().isPrefix(true).build()),
                "get " + prefix);
    }

    private static List<Discovery.KeyValue> entries(GetResponse response) {
        List<Discovery.KeyValue> out = new ArrayList<>();
        for (io.etcd.jetcd.KeyValue kv : response.getKvs()) {
            out.add(new Discovery.KeyValue(
                    kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes()));
        }
        out.sort(Comparator.comparing(Discovery.KeyValue::key));
        return out;
    }

    @Override
    public Watch watch(String prefix, Consumer<WatchEvent> listener) {
        Object order = new Object();
        GetResponse current = list(prefix);
        synchronized (order) {
            for (Discovery.KeyValue kv : entries(current)) {
                deliver(listener, new WatchEvent(WatchEvent.Kind.PUT, kv.key(), kv.value()));
            }
        }
        long next = current.getHeader().getRevision() + 1;
        io.etcd.jetcd.Watch.Watcher watcher = client.getWatchClient()
                .watch(
                        bytes(prefix),
                        WatchOption.builder().isPrefix(true).withRevision(next).build(),
                        io.etcd.jetcd.Watch.listener(
                                response -> {
                                    synchronized (order) {
                                        for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
                                            deliver(listener, convert(e));
                                        }
                                    }
                                },
                                error -> LOG.log(Level.WARNING, "etcd watch of " + prefix + " failed", error)));
        return watcher::close;
    }

    private static WatchEvent convert(io.etcd.jetcd.watch.WatchEvent e) {
        String key = e.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
        return e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE
                ? new WatchEvent(WatchEvent.Kind.DELETE, key, new byte[0])
                : new WatchEvent(
                        WatchEvent.Kind.PUT, key, e.getKeyValue().getValue().getBytes());
    }

    private static void deliver(Consumer<WatchEvent> listener, WatchEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "discovery listener failed on " + event, e);
        }
    }

    @Override
    public void close() {
        leases.forEach(KeptLease::abandon);
        client.close();
    }
}
