package dev.sluice.kvrouter;

import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.RouterSync;
import dev.sluice.protocol.WorkerKvEvents;
import dev.sluice.protocol.WorkerLoad;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Routes requests among the workers of one tier by KV-cache overlap and load (DESIGN.md section 3). Per worker:
 * {@code prefill = active_prefill_tokens + max(ISL - overlap*block, 0)},
 * {@code decode = active_blocks + request blocks not active there}, {@code cost = w * prefill / block + decode}.
 * Temperature 0 takes the minimum (ties: smaller cached tree, then random); above 0 samples ∝ exp(-c/T) over costs
 * normalised to [0, 1]. Busy workers are skipped; when all are busy {@link #tryPlace} answers empty and the caller
 * may wait for capacity in a bounded list ({@link #awaitCapacity}), woken when a worker's load report shows it no
 * longer busy, for at most {@link #queueTimeout()}.
 *
 * <p>Without KV events the router predicts caches from its own decisions: each placement inserts the request's
 * blocks for the chosen worker, expiring after a TTL.
 *
 * <p>A worker whose KV events this router missed (a gap in their numbers, a restart, a malformed event; see
 * {@link KvIndexer}) is {@link KvIndexer.WorkerState#DEGRADED} until its snapshot is applied: the router asks it for
 * one through {@link #requestSnapshotsWith} at once, again at most once per {@link #SNAPSHOT_RETRY} while it stays
 * degraded (on the batches it keeps sending), and
 * meanwhile multiplies its overlap by {@link #DEGRADED_OVERLAP_FACTOR}: what the index holds of it is still likely
 * cached, but no longer trusted in full.
 *
 * <p>Locking: {@code lock} guards the active-sequence view, the load reports, the wait list and the approximate-mode
 * expiry queue; the index has its own single writer (or, in approximate mode, is written under {@code lock}). Wake
 * callbacks run outside the lock.
 */
public final class KvRouter implements AutoCloseable {
    /** What a degraded worker's overlap counts for, until its snapshot is applied. */
    public static final double DEGRADED_OVERLAP_FACTOR = 0.5;

    /** How long a degraded worker is left to answer a snapshot request before it is asked again. */
    public static final Duration SNAPSHOT_RETRY = Duration.ofSeconds(1);

    private final KvRouterConfig config;
    private final KvIndexer indexer;
    private final ActiveSequences active = new ActiveSequences();
    private final Map<Long, WorkerLoad> loads = new HashMap<>();
    private final ArrayDeque<long[]> expiries = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Runnable> waiting = new LinkedHashSet<>();
    private final Clock clock;
    private final RandomGenerator random;
    private long approximateEventId;
    private final String routerId = java.util.UUID.randomUUID().toString();
    /** Null until {@link #shareWith}: without replicas no announcement is built (nor its block list boxed). */
    private volatile java.util.function.Consumer<RouterSync> replicas;

    private final DecisionScratch.Pool scratch = new DecisionScratch.Pool(4);
    /** The decision's candidates that are not busy, and sampling weights; guarded by {@code lock}. */
    private long[] freeWorkers = new long[16];

    private double[] weights = new double[16];
    private volatile java.util.function.LongConsumer snapshotRequests = worker -> {};
    /** When each worker was last asked for a snapshot (clock millis); touched only by the index's writer. */
    private final Map<Long, Long> snapshotAsked = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicLong snapshotsRequested =
            new java.util.concurrent.atomic.AtomicLong();

    public KvRouter(String name, KvRouterConfig config, Clock clock, RandomGenerator random) {
        this(name, config, clock, random, false);
    }

    /**
     * @param indexInline apply KV events on the thread that delivers them instead of on the index's own writer
     *     thread (a simulation, where one thread runs everything)
     */
    public KvRouter(String name, KvRouterConfig config, Clock clock, RandomGenerator random, boolean indexInline) {
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.indexer = indexInline
                ? KvIndexer.inline(name, this::resyncNeeded)
                : new KvIndexer(name, 65_536, this::resyncNeeded);
    }

    /** Where this router asks a worker for a snapshot of its KV cache (nowhere by default). */
    public void requestSnapshotsWith(java.util.function.LongConsumer sink) {
        this.snapshotRequests = sink;
    }

    private void resyncNeeded(long worker, boolean newly) {
        long now = clock.millis();
        Long asked = snapshotAsked.get(worker);
        if (!newly && asked != null && now - asked < SNAPSHOT_RETRY.toMillis()) {
            return;
        }
        snapshotAsked.put(worker, now);
        snapshotsRequested.incrementAndGet();
        snapshotRequests.accept(worker);
    }

    public void start() {
        indexer.start();
    }

    /** Where this router announces its placements for other replicas (none by default). */
    public void shareWith(java.util.function.Consumer<RouterSync> sink) {
        this.replicas = sink;
    }

    /** Applies another replica's announcement to this router's view of active requests; its own are ignored. */
    public void applyRemote(RouterSync sync) {
        if (sync.routerId().equals(routerId)) {
            return;
        }
        String id = sync.routerId() + "/" + sync.placementId();
        lock.lock();
        try {
            switch (sync.kind()) {
                case ADD ->
                    active.add(
                            id,
                            sync.worker(),
                            sync.blockHashes().stream()
                                    .mapToLong(Long::longValue)
                                    .toArray(),
                            sync.prefillTokens());
                case PREFILL_DONE -> active.prefillDone(id);
                case FREE -> active.free(id);
            }
        } finally {
            lock.unlock();
        }
    }

    /** KV events of a worker of this tier (ignored in approximate mode). */
    public void onEvents(WorkerKvEvents events) {
        if (config.useKvEvents()) {
            indexer.submit(events);
        }
    }

    /** JSON-encoded KV events, decoded on the index's writer thread. */
    public void onEncodedEvents(byte[] json) {
        if (config.useKvEvents()) {
            indexer.submitEncoded(json);
        }
    }

    public void onLoad(WorkerLoad load) {
        List<Runnable> wake;
        lock.lock();
        try {
            loads.put(load.workerId(), load);
            wake = isBusy(load) ? List.of() : takeWaiting();
        } finally {
            lock.unlock();
        }
        wake.forEach(Runnable::run);
    }

    public void removeWorker(long worker) {
        indexer.removeWorker(worker);
        snapshotAsked.remove(worker);
        List<Runnable> wake;
        lock.lock();
        try {
            active.removeWorker(worker);
            loads.remove(worker);
            wake = takeWaiting();
        } finally {
            lock.unlock();
        }
        wake.forEach(Runnable::run);
    }

    private List<Runnable> takeWaiting() {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<Runnable> out = List.copyOf(waiting);
        waiting.clear();
        return out;
    }

    /**
     * Asks for {@code wake} to run once when a busy worker may have become free. False, and nothing registered, when
     * {@code maxQueued} callers already wait. Registering the same callback again keeps one place.
     */
    public boolean awaitCapacity(Runnable wake) {
        lock.lock();
        try {
            if (waiting.contains(wake)) {
                return true;
            }
            if (waiting.size() >= config.maxQueued()) {
                return false;
            }
            waiting.add(wake);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Withdraws a callback registered by {@link #awaitCapacity} (placed, timed out or cancelled). */
    public void stopWaiting(Runnable wake) {
        lock.lock();
        try {
            waiting.remove(wake);
        } finally {
            lock.unlock();
        }
    }

    /** How long a request may wait for a worker of this router before it is refused. */
    public Duration queueTimeout() {
        return config.queueTimeout();
    }

    /** Callers waiting for capacity now. */
    public int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Chooses a worker among {@code candidates} for the request and records it as active there. Empty, with nothing
     * recorded, when every candidate is busy: the caller may {@link #awaitCapacity wait} and try again.
     */
    public Optional<RoutingDecision> tryPlace(String requestId, int[] tokens, List<Long> candidates) {
        lock.lock();
        try {
            if (notBusy(candidates) == 0) {
                return Optional.empty(); // decided before hashing, so a woken waiter that is still blocked is cheap
            }
        } finally {
            lock.unlock();
        }
        DecisionScratch s = scratch.take();
        try {
            return place(requestId, tokens, candidates, s);
        } finally {
            scratch.giveBack(s);
        }
    }

    private Optional<RoutingDecision> place(String requestId, int[] tokens, List<Long> candidates, DecisionScratch s) {
        int blocks = s.hash(tokens, config.blockSizeTokens());
        findMatches(s.local, blocks, s.overlap);
        boolean partial = tokens.length % config.blockSizeTokens() != 0;
        int withPartial = partial ? blocks + 1 : blocks;
        lock.lock();
        try {
            int free = notBusy(candidates);
            if (free == 0) {
                return Optional.empty();
            }
            s.seq[blocks] = partialMarker(""); // the cost of a request whose partial block no one shares
            RoutingDecision d = choose(free, tokens.length, s.seq, withPartial, s.overlap);
            s.seq[blocks] = partialMarker(requestId);
            int prefill = tokens.length - d.overlapBlocks() * config.blockSizeTokens();
            active.add(requestId, d.worker(), s.seq, withPartial, prefill);
            java.util.function.Consumer<RouterSync> sink = replicas;
            if (sink != null) {
                sink.accept(new RouterSync(
                        routerId,
                        RouterSync.Kind.ADD,
                        requestId,
                        d.worker(),
                        Arrays.stream(s.seq, 0, withPartial).boxed().toList(),
                        prefill));
            }
            if (!config.useKvEvents()) {
                predict(d.worker(), Arrays.copyOf(s.local, blocks), Arrays.copyOf(s.seq, blocks));
            }
            return Optional.of(d);
        } finally {
            lock.unlock();
        }
    }

    private void findMatches(long[] local, int blocks, OverlapScores into) {
        if (!config.useKvEvents()) {
            lock.lock();
            try {
                expire();
            } finally {
                lock.unlock();
            }
        }
        indexer.findMatches(local, blocks, into);
    }

    private static long partialMarker(String requestId) {
        return 0x8000_0000_0000_0000L | requestId.hashCode();
    }

    /** Copies the candidates that are not busy into {@code freeWorkers}; answers how many. */
    private int notBusy(List<Long> candidates) {
        if (freeWorkers.length < candidates.size()) {
            freeWorkers = new long[candidates.size()];
        }
        int n = 0;
        for (Long w : candidates) {
            WorkerLoad l = loads.get(w);
            if (l == null || !isBusy(l)) {
                freeWorkers[n++] = w;
            }
        }
        return n;
    }

    private boolean isBusy(WorkerLoad l) {
        return l.waitingSeqs() >= config.busyWaitingThreshold() || l.kvUsage() >= config.busyKvUsageThreshold();
    }

    /** Costs of the first {@code n} of {@code freeWorkers} for a request of {@code blocks} block hashes. */
    private RoutingDecision choose(int n, int isl, long[] seq, int blocks, OverlapScores overlap) {
        int bs = config.blockSizeTokens();
        long[] workers = Arrays.copyOf(freeWorkers, n);
        double[] costs = new double[n];
        for (int i = 0; i < n; i++) {
            long w = workers[i];
            int matched = matched(w, overlap);
            double prefill = active.prefillTokens(w) + Math.max(isl - (long) matched * bs, 0);
            double decode = active.activeBlocks(w) + active.newBlocks(w, seq, blocks);
            costs[i] = config.overlapScoreWeight() * prefill / bs + decode;
        }
        long chosen = config.temperature() == 0 ? cheapest(workers, costs, overlap) : sample(workers, costs);
        return new RoutingDecision(chosen, matched(chosen, overlap), new CandidateCosts(workers, costs));
    }

    /** The worker's overlap, discounted while its view is degraded. */
    private int matched(long worker, OverlapScores overlap) {
        int matched = overlap.matched(worker);
        return indexer.isDegraded(worker) ? (int) (matched * DEGRADED_OVERLAP_FACTOR) : matched;
    }

    /** The cheapest worker; ties go to the smallest cached tree, then to a uniformly random one of those. */
    private long cheapest(long[] workers, double[] costs, OverlapScores overlap) {
        double best = Double.POSITIVE_INFINITY;
        for (double c : costs) {
            best = Math.min(best, c);
        }
        int smallest = Integer.MAX_VALUE;
        for (int i = 0; i < workers.length; i++) {
            if (costs[i] == best) {
                smallest = Math.min(smallest, overlap.treeSize(workers[i]));
            }
        }
        int tied = 0;
        for (int i = 0; i < workers.length; i++) {
            if (costs[i] == best && overlap.treeSize(workers[i]) == smallest) {
                tied++;
            }
        }
        int pick = random.nextInt(tied);
        for (int i = 0; ; i++) {
            if (costs[i] == best && overlap.treeSize(workers[i]) == smallest && pick-- == 0) {
                return workers[i];
            }
        }
    }

    private long sample(long[] workers, double[] costs) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double c : costs) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        double range = max - min;
        if (weights.length < workers.length) {
            weights = new double[workers.length];
        }
        double total = 0;
        for (int i = 0; i < workers.length; i++) {
            double normalised = range == 0 ? 0 : (costs[i] - min) / range;
            weights[i] = Math.exp(-normalised / config.temperature());
            total += weights[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < workers.length; i++) {
            r -= weights[i];
            if (r <= 0) {
                return workers[i];
            }
        }
        return workers[workers.length - 1];
    }

    /** The request's first token arrived: its prompt no longer counts as pending prefill. */
    public void prefillDone(String requestId) {
        lock.lock();
        try {
            active.prefillDone(requestId);
        } finally {
            lock.unlock();
        }
        announce(RouterSync.Kind.PREFILL_DONE, requestId);
    }

    /** The request finished, failed or was cancelled. */
    public void free(String requestId) {
        lock.lock();
        try {
            active.free(requestId);
        } finally {
            lock.unlock();
        }
        announce(RouterSync.Kind.FREE, requestId);
    }

    private void announce(RouterSync.Kind kind, String requestId) {
        java.util.function.Consumer<RouterSync> sink = replicas;
        if (sink != null) {
            sink.accept(new RouterSync(routerId, kind, requestId, -1, List.of(), 0));
        }
    }

    private void predict(long worker, long[] local, long[] seq) {
        List<KvEvent.StoredBlock> blocks = new ArrayList<>();
        for (int i = 0; i < seq.length; i++) {
            blocks.add(new KvEvent.StoredBlock(seq[i], local[i]));
        }
        if (blocks.isEmpty()) {
            return;
        }
        indexer.applyUnsequenced(new WorkerKvEvents(
                worker, List.of(new KvEvent.Stored(approximateEventId++, OptionalLong.empty(), blocks))));
        long expiresAt = clock.millis() + config.approximateTtl().toMillis();
        for (long h : seq) {
            expiries.add(new long[] {expiresAt, worker, h});
        }
        while (expiries.size() > config.approximateMaxBlocks()) {
            long[] e = expiries.poll();
            indexer.applyUnsequenced(
                    new WorkerKvEvents(e[1], List.of(new KvEvent.Removed(approximateEventId++, List.of(e[2])))));
        }
    }

    private void expire() {
        long now = clock.millis();
        while (!expiries.isEmpty() && expiries.peek()[0] <= now) {
            long[] e = expiries.poll();
            indexer.applyUnsequenced(
                    new WorkerKvEvents(e[1], List.of(new KvEvent.Removed(approximateEventId++, List.of(e[2])))));
        }
    }

    /** For tests: wait until queued KV events are applied. */
    public void awaitIndexed() throws InterruptedException {
        if (!indexer.awaitIdle(TimeUnit.SECONDS.toMillis(5))) {
            throw new IllegalStateException("kv indexer still has " + indexer.pendingBatches() + " batches after 5 s");
        }
    }

    /** KV events applied to this router's index. */
    public long indexedEvents() {
        return indexer.appliedEvents();
    }

    /** KV event batches dropped because the indexer's queue was full. */
    public long droppedEventBatches() {
        return indexer.droppedBatches();
    }

    /** Every worker whose KV events this router has seen, and whether its view is exact. */
    public Map<Long, KvIndexer.WorkerState> workerStates() {
        return indexer.workerStates();
    }

    /** Gaps seen in workers' KV event numbers. */
    public long eventGaps() {
        return indexer.gaps();
    }

    /** Workers seen restarting (KV event numbers back to 0). */
    public long workerRestarts() {
        return indexer.restarts();
    }

    /** Malformed KV events and batches skipped. */
    public long malformedEvents() {
        return indexer.malformedEvents();
    }

    /** KV events ignored as numbered before what was already applied. */
    public long staleEvents() {
        return indexer.staleEvents();
    }

    /** Snapshots asked of workers. */
    public long snapshotsRequested() {
        return snapshotsRequested.get();
    }

    /** Snapshots applied that made a degraded worker's view exact again. */
    public long snapshotsApplied() {
        return indexer.resyncs();
    }

    @Override
    public void close() {
        indexer.close();
    }
}
