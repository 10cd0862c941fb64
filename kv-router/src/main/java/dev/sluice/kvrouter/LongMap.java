package dev.sluice.kvrouter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A map from primitive long to value by open addressing with linear probing, so a lookup on the routing hot path
 * neither boxes its key nor allocates. Small maps (most radix nodes have one child) stay small. Not thread-safe.
 */
final class LongMap<V> {
    private static final Object TOMBSTONE = new Object();

    private long[] keys;
    private Object[] values;
    private int size;
    private int used;

    LongMap(int expected) {
        int cap = 2;
        while (cap < expected * 2) {
            cap <<= 1;
        }
        keys = new long[cap];
        values = new Object[cap];
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (v != TOMBSTONE && keys[i] == key) {
                return (V) v;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if ((used + 1) * 4 > keys.length * 3) {
            resize(size * 4 > keys.length ? keys.length * 2 : keys.length);
        }
        int mask = keys.length - 1;
        int tomb = -1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                int at = tomb >= 0 ? tomb : i;
                if (tomb < 0) {
                    used++;
                }
                keys[at] = key;
                values[at] = value;
                size++;
                return null;
            }
            if (v == TOMBSTONE) {
                if (tomb < 0) {
                    tomb = i;
                }
            } else if (keys[i] == key) {
                values[i] = value;
                return (V) v;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (v != TOMBSTONE && keys[i] == key) {
                values[i] = TOMBSTONE;
                size--;
                return (V) v;
            }
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    Collection<V> values() {
        List<V> out = new ArrayList<>(size);
        for (Object v : values) {
            if (v != null && v != TOMBSTONE) {
                out.add((V) v);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void resize(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[capacity];
        values = new Object[capacity];
        size = 0;
        used = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null && oldValues[i] != TOMBSTONE) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }
}
