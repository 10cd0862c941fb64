package dev.sluice.runtime;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A key-value registry with leases: workers put their instance records and model cards under a lease, and everything a
 * process put vanishes when its lease ends (revoked, or expired because the process died). Frontends watch prefixes.
 * Embedded in one JVM, or etcd when distributed.
 */
public interface Discovery extends AutoCloseable {
    /** A new lease; the implementation keeps it alive until it is closed. */
    Lease grantLease(Duration ttl);

    void put(String key, byte[] value, Lease lease);

    void delete(String key);

    /** Every entry whose key starts with {@code prefix}, in key order. */
    List<KeyValue> get(String prefix);

    /**
     * Calls {@code listener} with a PUT for every current entry under {@code prefix}, then with every change until the
     * watch is closed. Calls for one watch never overlap.
     */
    Watch watch(String prefix, Consumer<WatchEvent> listener);

    @Override
    void close();

    /** A lease; closing it revokes it and deletes its keys. */
    interface Lease extends AutoCloseable {
        long id();

        @Override
        void close();
    }

    /** A registration of a watch; closing it stops the calls. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** One entry. */
    record KeyValue(String key, byte[] value) {
        public KeyValue {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyValue kv && key.equals(kv.key) && java.util.Arrays.equals(value, kv.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "KeyValue[" + key + ", " + value.length + " bytes]";
        }
    }

    /** A change seen by a watch; {@code value} is empty for a delete. */
    record WatchEvent(Kind kind, String key, byte[] value) {
        public enum Kind {
            PUT,
            DELETE
        }

        public WatchEvent {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WatchEvent e
                    && kind == e.kind
                    && key.equals(e.key)
                    && java.util.Arrays.equals(value, e.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + kind.hashCode();
        }

        @Override
        public String toString() {
            return "WatchEvent[" + kind + " " + key + "]";
        }
    }
}
