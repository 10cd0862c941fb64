package dev.sluice.llm;

import dev.sluice.kvrouter.KvRouter;
import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.kvrouter.RoutingDecision;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.Json;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.RouterSync;
import dev.sluice.runtime.EventBus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * KV-aware selection for one decode tier: its own {@link KvRouter}, fed only by that tier's KV events and load
 * reports from the event bus. Workers that leave the tier are dropped from the index.
 */
public final class KvWorkerSelector implements WorkerSelector, KvIndexCounters {
    private final int thisSeqlen;
    private final KvRouter router;
    private final List<EventBus.Subscription> subscriptions;
    private Set<Long> known = Set.of();
    private volatile Runnable onClose = () -> {};

    public KvWorkerSelector(
            int thisSeqlen,
            KvRouterConfig config,
            EventBus bus,
            String namespace,
            String component,
            RandomGenerator random,
            boolean replicaSync,
            RouterRuntime runtime) {
        this.thisSeqlen = thisSeqlen;
        this.router =
                new KvRouter("tier-" + thisSeqlen, config, runtime.scheduler().clock(), random, runtime.indexInline());
        router.start();
        List<EventBus.Subscription> subs = new java.util.ArrayList<>(List.of(
                bus.subscribe(DiscoveryKeys.kvEventSubject(namespace, component, thisSeqlen), router::onEncodedEvents),
                bus.subscribe(
                        DiscoveryKeys.loadSubject(namespace, component, thisSeqlen),
                        b -> router.onLoad(EventCodec.decodeLoad(b)))));
        if (replicaSync) {
            String subject = "sluice." + namespace + "." + component + ".router." + thisSeqlen;
            router.shareWith(sync -> bus.publish(subject, Json.encode(sync)));
            subs.add(bus.subscribe(subject, b -> router.applyRemote(Json.decode(b, RouterSync.class))));
        }
        // Workers that cached blocks before this router existed, or while the event plane was down, announce them
        // again when asked.
        String snapshot = DiscoveryKeys.kvEventSubject(namespace, component, thisSeqlen) + ".snapshot";
        bus.publish(snapshot, new byte[0]);
        // A worker whose events this router missed is asked alone.
        router.requestSnapshotsWith(worker -> bus.publish(snapshot, EventCodec.encodeSnapshotRequest(worker)));
        subs.add(bus.onReconnect(() -> bus.publish(snapshot, new byte[0])));
        this.subscriptions = List.copyOf(subs);
    }

    @Override
    public Optional<Selection> trySelect(
            List<InstanceRecord> workers, PreprocessedRequest request, String placementId) {
        List<Long> ids = workers.stream().map(InstanceRecord::instanceId).toList();
        forgetDeparted(ids);
        Optional<RoutingDecision> decision = router.tryPlace(placementId, request.tokenIds(), ids);
        return decision.map(d -> new Selection(
                workers.stream()
                        .filter(w -> w.instanceId() == d.worker())
                        .findFirst()
                        .orElseThrow(),
                d.overlapBlocks()));
    }

    @Override
    public boolean awaitCapacity(Runnable wake) {
        return router.awaitCapacity(wake);
    }

    @Override
    public void stopWaiting(Runnable wake) {
        router.stopWaiting(wake);
    }

    @Override
    public Duration queueTimeout() {
        return router.queueTimeout();
    }

    private synchronized void forgetDeparted(List<Long> live) {
        Set<Long> now = new HashSet<>(live);
        for (Long gone : known) {
            if (!now.contains(gone)) {
                router.removeWorker(gone);
            }
        }
        known = now;
    }

    @Override
    public void firstToken(String placementId) {
        router.prefillDone(placementId);
    }

    @Override
    public void finished(String placementId) {
        router.free(placementId);
    }

    @Override
    public long appliedEvents() {
        return router.indexedEvents();
    }

    @Override
    public long droppedBatches() {
        return router.droppedEventBatches();
    }

    @Override
    public long eventGaps() {
        return router.eventGaps();
    }

    @Override
    public long workerRestarts() {
        return router.workerRestarts();
    }

    @Override
    public long malformedEvents() {
        return router.malformedEvents();
    }

    @Override
    public long snapshotsRequested() {
        return router.snapshotsRequested();
    }

    @Override
    public long snapshotsApplied() {
        return router.snapshotsApplied();
    }

    @Override
    public java.util.Map<Long, dev.sluice.kvrouter.KvIndexer.WorkerState> workerStates() {
        return router.workerStates();
    }

    /** Runs {@code callback} once when this selector closes. */
    void whenClosed(Runnable callback) {
        this.onClose = callback;
    }

    @Override
    public void close() {
        subscriptions.forEach(EventBus.Subscription::close);
        router.close();
        Runnable callback = onClose;
        onClose = () -> {};
        callback.run();
    }
}
