package dev.sluice.llm;

import java.util.Arrays;

/** An append-only list of token ids without boxing. Not thread-safe. */
final class TokenLog {
    private int[] ids = new int[64];
    private int size;

    void append(int[] more) {
        if (size + more.length > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + more.length));
        }
        System.arraycopy(more, 0, ids, size, more.length);
        size += more.length;
    }

    int size() {
        return size;
    }

    int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
