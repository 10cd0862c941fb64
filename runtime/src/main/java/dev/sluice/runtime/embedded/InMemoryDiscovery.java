package dev.sluice.runtime.embedded;

import dev.sluice.runtime.Discovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Discovery in one JVM. One monitor guards the entries and delivers watch events while held, so a watch sees changes
 * in order and never concurrently; listeners may call back into discovery (the monitor is reentrant).
 */
final class InMemoryDiscovery implements Discovery {
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final Map<Long, Set<String>> leaseKeys = new HashMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private long nextLeaseId = 1;

    private record Entry(byte[] value, long leaseId) {}

    private record Watcher(String prefix, Consumer<WatchEvent> listener) {}

    @Override
    public synchronized Lease grantLease(Duration ttl) {
        long id = nextLeaseId++;
        leaseKeys.put(id, new HashSet<>());
        return new Lease() {
            @Override
            public long id() {
                return id;
            }

            @Override
            public void close() {
                revoke(id);
            }
        };
    }

    @Override
    public synchronized void put(String key, byte[] value, Lease lease) {
        Set<String> keys = leaseKeys.get(lease.id());
        if (keys == null) {
            throw new IllegalStateException("lease " + lease.id() + " is not live");
        }
        keys.add(key);
        entries.put(key, new Entry(value.clone(), lease.id()));
        fire(new WatchEvent(WatchEvent.Kind.PUT, key, value));
    }

    @Override
    public synchronized void delete(String key) {
        Entry removed = entries.remove(key);
        if (removed != null) {
            leaseKeys.getOrDefault(removed.leaseId(), new HashSet<>()).remove(key);
            fire(new WatchEvent(WatchEvent.Kind.DELETE, key, new byte[0]));
        }
    }

    @Override
    public synchronized List<KeyValue> get(String prefix) {
        List<KeyValue> out = new ArrayList<>();
        entries.tailMap(prefix, true).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix))
                .forEach(e -> out.add(new KeyValue(e.getKey(), e.getValue().value())));
        return out;
    }

    @Override
    public synchronized Watch watch(String prefix, Consumer<WatchEvent> listener) {
        Watcher watcher = new Watcher(prefix, listener);
        for (KeyValue kv : get(prefix)) {
            listener.accept(new WatchEvent(WatchEvent.Kind.PUT, kv.key(), kv.value()));
        }
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    private synchronized void revoke(long leaseId) {
        Set<String> keys = leaseKeys.remove(leaseId);
        if (keys != null) {
            for (String key : List.copyOf(keys)) {
                delete(key);
            }
        }
    }

    private void fire(WatchEvent event) {
        for (Watcher w : watchers) {
            if (event.key().startsWith(w.prefix())) {
                w.listener().accept(event);
            }
        }
    }

    @Override
    public synchronized void close() {
        watchers.clear();
        for (long id : List.copyOf(leaseKeys.keySet())) {
            revoke(id);
        }
    }
}
