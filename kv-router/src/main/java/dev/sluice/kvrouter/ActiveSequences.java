package dev.sluice.kvrouter;

import java.util.HashMap;
import java.util.Map;

/**
 * What the router has placed on each worker and not seen finish: per worker, the blocks its running requests use
 * (shared prefixes counted once) and the prompt tokens still waiting for prefill. Updated as requests are placed,
 * produce their first token, and end (finish, failure or cancel). Idempotent. Guarded by the caller's lock.
 */
final class ActiveSequences {
    private final Map<String, Placed> requests = new HashMap<>();
    private final Map<Long, WorkerLoad> workers = new HashMap<>();

    private record Placed(long worker, long[] blockHashes, int prefillTokens) {}

    private static final class WorkerLoad {
        final Map<Long, Integer> blockRefs = new HashMap<>();
        long prefillTokens;
        int requests;
    }

    void add(String requestId, long worker, long[] blockHashes, int prefillTokens) {
        free(requestId);
        requests.put(requestId, new Placed(worker, blockHashes, prefillTokens));
        WorkerLoad load = workers.computeIfAbsent(worker, w -> new WorkerLoad());
        for (long h : blockHashes) {
            load.blockRefs.merge(h, 1, Integer::sum);
        }
        load.prefillTokens += prefillTokens;
        load.requests++;
    }

    void prefillDone(String requestId) {
        Placed p = requests.get(requestId);
        if (p != null && p.prefillTokens() > 0) {
            workers.get(p.worker()).prefillTokens -= p.prefillTokens();
            requests.put(requestId, new Placed(p.worker(), p.blockHashes(), 0));
        }
    }

    void free(String requestId) {
        Placed p = requests.remove(requestId);
        if (p == null) {
            return;
        }
        WorkerLoad load = workers.get(p.worker());
        for (long h : p.blockHashes()) {
            load.blockRefs.computeIfPresent(h, (k, n) -> n == 1 ? null : n - 1);
        }
        load.prefillTokens -= p.prefillTokens();
        if (--load.requests == 0) {
            workers.remove(p.worker());
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

    /** Blocks of a request that are not already active on the worker. */
    long newBlocks(long worker, long[] blockHashes) {
        WorkerLoad l = workers.get(worker);
        if (l == null) {
            return blockHashes.length;
        }
        long n = 0;
        for (long h : blockHashes) {
            if (!l.blockRefs.containsKey(h)) {
                n++;
            }
        }
        return n;
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
