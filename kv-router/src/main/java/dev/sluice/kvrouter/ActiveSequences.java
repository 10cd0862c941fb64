package dev.sluice.kvrouter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * What the router has placed on each worker and not seen finish: per worker, the blocks its running requests use
 * (shared prefixes counted once) and the prompt tokens still waiting for prefill. Updated as requests are placed,
 * produce their first token, and end (finish, failure or cancel). Idempotent. Guarded by the caller's lock.
 *
 * <p>Block reference counts are primitive maps, a worker's load is kept (empty) when its last request ends, and a
 * request's block hashes are copied into arrays recycled when it ends, so placing and freeing allocate little.
 */
final class ActiveSequences {
    private static final long ABSENT = 0;
    private static final int POOLED_ARRAYS = 64;

    private final Map<String, Placed> requests = new HashMap<>();
    private final Long2ObjectHashMap<WorkerLoad> workers = new Long2ObjectHashMap<>();
    private final List<long[]> freeArrays = new ArrayList<>();

    private record Placed(long worker, long[] blockHashes, int blocks, int prefillTokens) {}

    private static final class WorkerLoad {
        final Long2LongHashMap blockRefs = new Long2LongHashMap(ABSENT);
        long prefillTokens;
        int requests;
    }

    void add(String requestId, long worker, long[] blockHashes, int prefillTokens) {
        add(requestId, worker, blockHashes, blockHashes.length, prefillTokens);
    }

    /** Places a request using the first {@code blocks} of {@code blockHashes} (copied). */
    void add(String requestId, long worker, long[] blockHashes, int blocks, int prefillTokens) {
        free(requestId);
        long[] copy = takeArray(blocks);
        System.arraycopy(blockHashes, 0, copy, 0, blocks);
        requests.put(requestId, new Placed(worker, copy, blocks, prefillTokens));
        WorkerLoad load = workers.get(worker);
        if (load == null) {
            load = new WorkerLoad();
            workers.put(worker, load);
        }
        for (int i = 0; i < blocks; i++) {
            long h = blockHashes[i];
            load.blockRefs.put(h, load.blockRefs.get(h) + 1);
        }
        load.prefillTokens += prefillTokens;
        load.requests++;
    }

    void prefillDone(String requestId) {
        Placed p = requests.get(requestId);
        if (p != null && p.prefillTokens() > 0) {
            workers.get(p.worker()).prefillTokens -= p.prefillTokens();
            requests.put(requestId, new Placed(p.worker(), p.blockHashes(), p.blocks(), 0));
        }
    }

    void free(String requestId) {
        Placed p = requests.remove(requestId);
        if (p == null) {
            return;
        }
        WorkerLoad load = workers.get(p.worker());
        long[] hashes = p.blockHashes();
        for (int i = 0; i < p.blocks(); i++) {
            long n = load.blockRefs.get(hashes[i]);
            if (n == 1) {
                load.blockRefs.remove(hashes[i]);
            } else if (n != ABSENT) {
                load.blockRefs.put(hashes[i], n - 1);
            }
        }
        load.prefillTokens -= p.prefillTokens();
        load.requests--;
        giveBack(hashes);
    }

    private long[] takeArray(int length) {
        for (int i = freeArrays.size() - 1; i >= 0; i--) {
            if (freeArrays.get(i).length >= length) {
                long[] a = freeArrays.get(i);
                freeArrays.set(i, freeArrays.getLast());
                freeArrays.removeLast();
                return a;
            }
        }
        return new long[length];
    }

    private void giveBack(long[] array) {
        if (freeArrays.size() < POOLED_ARRAYS) {
            freeArrays.add(array);
        }
    }

    long activeBlocks(long worker) {
        WorkerLoad l = workers.get(worker);
        return l == null ? 0 : l.blockRefs.size();
    }

    long prefillTokens(long worker) {
        WorkerLoad l = workers.get(worker);
        return l == null ? 0 : l.prefillTokens;
    }

    /** Blocks among the first {@code blocks} of a request that are not already active on the worker. */
    long newBlocks(long worker, long[] blockHashes, int blocks) {
        WorkerLoad l = workers.get(worker);
        if (l == null || l.blockRefs.isEmpty()) {
            return blocks;
        }
        long n = 0;
        for (int i = 0; i < blocks; i++) {
            if (!l.blockRefs.containsKey(blockHashes[i])) {
                n++;
            }
        }
        return n;
    }

    long newBlocks(long worker, long[] blockHashes) {
        return newBlocks(worker, blockHashes, blockHashes.length);
    }

    int requests(long worker) {
        WorkerLoad l = workers.get(worker);
        return l == null ? 0 : l.requests;
    }

    void removeWorker(long worker) {
        workers.remove(worker);
        requests.values().removeIf(p -> p.worker() == worker);
    }
}
