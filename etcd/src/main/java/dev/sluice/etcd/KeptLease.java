package dev.sluice.etcd;

import dev.sluice.runtime.Discovery;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An etcd lease kept alive for as long as the process wants it, across etcd outages: if the lease is lost (etcd was
 * unreachable for longer than the TTL and revoked it), a new lease is granted and every key the process put is put
 * again, so a live worker comes back by itself. {@link #id()} stays the first lease's id: it names the instance.
 */
final class KeptLease implements Discovery.Lease {
    private static final Logger LOG = Logger.getLogger(KeptLease.class.getName());

    private final Client client;
    private final long ttlSeconds;
    private final long id;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private volatile long current;
    private volatile CloseableClient keepAlive;
    private volatile boolean closed;
    private volatile boolean recovering;

    KeptLease(Client client, long ttlSeconds) throws Exception {
        this.client = client;
        this.ttlSeconds = ttlSeconds;
        this.id = grant();
        this.current = id;
        keepAlive();
    }

    private long grant() throws Exception {
        return client.getLeaseClient()
                .grant(ttlSeconds)
                .get(10, TimeUnit.SECONDS)
                .getID();
    }

    private void keepAlive() {
        long lease = current;
        keepAlive = client.getLeaseClient().keepAlive(lease, new StreamObserver<LeaseKeepAliveResponse>() {
            @Override
            public void onNext(LeaseKeepAliveResponse value) {}

            @Override
            public void onError(Throwable t) {
                LOG.log(
                        Level.WARNING,
                        "etcd lease " + Long.toHexString(lease) + " lost (" + t.getMessage()
                                + "); re-registering under a new lease",
                        t);
                recover();
            }

            @Override
            public void onCompleted() {
                recover();
            }
        });
    }

    void put(String key, byte[] value) throws Exception {
        keys.put(key, value.clone());
        client.getKVClient()
                .put(
                        ByteSequence.from(key, StandardCharsets.UTF_8),
                        ByteSequence.from(value),
                        PutOption.builder().withLeaseId(current).build())
                .get(10, TimeUnit.SECONDS);
    }

    void forget(String key) {
        keys.remove(key);
    }

    private synchronized void recover() {
        if (closed || recovering) {
            return;
        }
        recovering = true;
        Thread.ofVirtual().name("etcd-lease-recovery").start(() -> {
            while (!closed) {
                try {
                    long fresh = grant();
                    for (Map.Entry<String, byte[]> e : keys.entrySet()) {
                        client.getKVClient()
                                .put(
                                        ByteSequence.from(e.getKey(), StandardCharsets.UTF_8),
                                        ByteSequence.from(e.getValue()),
                                        PutOption.builder().withLeaseId(fresh).build())
                                .get(10, TimeUnit.SECONDS);
                    }
                    current = fresh;
                    recovering = false;
                    keepAlive();
                    LOG.info("re-registered " + keys.size() + " keys under etcd lease " + Long.toHexString(fresh));
                    return;
                } catch (Exception e) {
                    LOG.log(Level.FINE, "etcd still unreachable; retrying", e);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        });
    }

    /** Stops keeping the lease without revoking it (the client is going away; the keys expire with the TTL). */
    synchronized void abandon() {
        closed = true;
        keepAlive.close();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        keepAlive.close();
        try {
            client.getLeaseClient().revoke(current).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(
                    Level.WARNING,
                    "could not revoke lease " + Long.toHexString(current) + "; it expires with its TTL",
                    e);
        }
    }
}
