package dev.sluice.frontend;

import dev.sluice.kvrouter.KvIndexer;
import dev.sluice.llm.KvIndexCounters;
import dev.sluice.llm.PipelineMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The frontend's Prometheus metrics: requests by model, endpoint and status; requests in flight; time to first token,
 * inter-token latency and request duration; migrations; per decode tier, placements, committed and capacity KV
 * tokens, the admission queue, its wait and its refusals; requests by API key id and refused keys; the KV routers'
 * applied and dropped KV events, read from each live router when scraped (a closed router's final counts are kept,
 * so the counters never go down when a tier's router is rebuilt). One registry per frontend (no global state).
 */
public final class FrontendMetrics implements PipelineMetrics {
    private static final double[] LATENCY_BUCKETS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder()
            .name("sluice_requests_total")
            .help("HTTP requests to the OpenAI endpoints by model, endpoint and HTTP status")
            .labelNames("model", "endpoint", "status")
            .register(registry);
    private final Gauge inFlight = Gauge.builder()
            .name("sluice_requests_in_flight")
            .help("Requests being served now")
            .labelNames("model")
            .register(registry);
    private final Histogram ttft = Histogram.builder()
            .name("sluice_time_to_first_token_seconds")
            .help("Time from request arrival to the first generated token")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .labelNames("model")
            .register(registry);
    private final Histogram itl = Histogram.builder()
            .name("sluice_inter_token_latency_seconds")
            .help("Time between consecutive token deltas of a response")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .labelNames("model")
            .register(registry);
    private final Histogram duration = Histogram.builder()
            .name("sluice_request_duration_seconds")
            .help("Time from request arrival to the end of the response")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .labelNames("model")
            .register(registry);
    private final Counter outputTokens = Counter.builder()
            .name("sluice_output_tokens_total")
            .help("Generated tokens returned to clients")
            .labelNames("model")
            .register(registry);
    private final Counter migrations = Counter.builder()
            .name("sluice_migrations_total")
            .help("Sequences moved to another worker: reason is worker_failure or context_limit")
            .labelNames("model", "reason")
            .register(registry);

    private final Counter tierRequests = Counter.builder()
            .name("sluice_tier_requests_total")
            .help("Sequence parts placed on a decode tier (a migrated request counts once per tier)")
            .labelNames("model", "tier")
            .register(registry);
    private final Gauge tierInFlight = Gauge.builder()
            .name("sluice_tier_in_flight")
            .help("Sequence parts running on a decode tier now")
            .labelNames("model", "tier")
            .register(registry);
    private final Gauge tierCommitted = Gauge.builder()
            .name("sluice_tier_committed_kv_tokens")
            .help("KV tokens the running sequences of a decode tier committed (prompt plus expected remaining output)")
            .labelNames("model", "tier")
            .register(registry);
    private final Gauge tierCapacity = Gauge.builder()
            .name("sluice_tier_capacity_kv_tokens")
            .help("KV capacity of a decode tier's live workers in tokens (blocks times block size)")
            .labelNames("model", "tier")
            .register(registry);
    private final Gauge tierQueue = Gauge.builder()
            .name("sluice_tier_admission_queue_length")
            .help("Requests waiting for admission to a decode tier")
            .labelNames("model", "tier")
            .register(registry);
    private final Histogram tierQueueWait = Histogram.builder()
            .name("sluice_tier_admission_wait_seconds")
            .help("Time a request waited in a decode tier's admission queue; outcome is admitted or refused")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .labelNames("model", "tier", "outcome")
            .register(registry);
    private final Counter tierRefusals = Counter.builder()
            .name("sluice_tier_admission_refusals_total")
            .help("Requests a decode tier refused with 429, by reason: queue_full or timeout")
            .labelNames("model", "tier", "reason")
            .register(registry);
    private final Counter rejections = Counter.builder()
            .name("sluice_rejections_total")
            .help("Requests refused, by error code (context_length_exceeded, no_workers_available, ...)")
            .labelNames("model", "code")
            .register(registry);

    private final Counter keyRequests = Counter.builder()
            .name("sluice_api_key_requests_total")
            .help("Requests with a known API key, by key id (the first 8 hex digits of the key's SHA-256) and status")
            .labelNames("key_id", "status")
            .register(registry);
    private final Counter authFailures = Counter.builder()
            .name("sluice_api_key_failures_total")
            .help("Requests refused with 401, by reason: missing, malformed or invalid key")
            .labelNames("reason")
            .register(registry);

    /** Live KV routers and the final counts of closed ones by (model, router); guarded by {@code this}. */
    private final Map<List<String>, KvIndexCounters> kvRouters = new HashMap<>();

    private final Map<List<String>, long[]> closedKvRouters = new HashMap<>();

    /** The per-router counters, in the order {@code closedKvRouters} keeps their final values. */
    private static final List<KvCounter> KV_COUNTERS = List.of(
            new KvCounter(
                    "sluice_kv_router_applied_events_total",
                    "KV events applied to a KV router's index, by model and router (decode-<tier> or prefill)",
                    KvIndexCounters::appliedEvents),
            new KvCounter(
                    "sluice_kv_router_dropped_batches_total",
                    "KV event batches a KV router dropped because its index queue was full, by model and router",
                    KvIndexCounters::droppedBatches),
            new KvCounter(
                    "sluice_kv_router_event_gaps_total",
                    "Gaps a KV router saw in its workers' KV event numbers (events lost), by model and router",
                    KvIndexCounters::eventGaps),
            new KvCounter(
                    "sluice_kv_router_worker_restarts_total",
                    "Workers a KV router saw restarting (KV event numbers back to 0), by model and router",
                    KvIndexCounters::workerRestarts),
            new KvCounter(
                    "sluice_kv_router_malformed_events_total",
                    "Malformed KV events and batches a KV router skipped, by model and router",
                    KvIndexCounters::malformedEvents),
            new KvCounter(
                    "sluice_kv_router_snapshots_requested_total",
                    "Snapshots a KV router asked of workers whose view was degraded, by model and router",
                    KvIndexCounters::snapshotsRequested),
            new KvCounter(
                    "sluice_kv_router_snapshots_applied_total",
                    "Snapshots that made a degraded worker's view exact again, by model and router",
                    KvIndexCounters::snapshotsApplied));

    private record KvCounter(String name, String help, ToLongFunction<KvIndexCounters> live) {}

    {
        for (int i = 0; i < KV_COUNTERS.size(); i++) {
            KvCounter c = KV_COUNTERS.get(i);
            int closedIndex = i;
            CounterWithCallback.builder()
                    .name(c.name())
                    .help(c.help())
                    .labelNames("model", "router")
                    .callback(cb -> kvCounts(c.live(), closedIndex)
                            .forEach((key, value) -> cb.call(value, key.get(0), key.get(1))))
                    .register(registry);
        }
        GaugeWithCallback.builder()
                .name("sluice_kv_router_worker_state")
                .help("1 for the state (healthy, or degraded: KV events missed and a snapshot awaited) a live KV"
                        + " router's view of a worker is in, 0 for the other; by model, router and worker id")
                .labelNames("model", "router", "worker", "state")
                .callback(cb -> workerStates().forEach((key, state) -> {
                    for (KvIndexer.WorkerState s : KvIndexer.WorkerState.values()) {
                        cb.call(
                                s == state ? 1 : 0,
                                key.get(0),
                                key.get(1),
                                key.get(2),
                                s.name().toLowerCase(java.util.Locale.ROOT));
                    }
                }))
                .register(registry);
    }

    private synchronized Map<List<String>, KvIndexer.WorkerState> workerStates() {
        Map<List<String>, KvIndexer.WorkerState> out = new HashMap<>();
        kvRouters.forEach((key, counters) -> counters.workerStates()
                .forEach((worker, state) -> out.put(List.of(key.get(0), key.get(1), Long.toString(worker)), state)));
        return out;
    }

    private synchronized Map<List<String>, Double> kvCounts(ToLongFunction<KvIndexCounters> live, int closedIndex) {
        Map<List<String>, Double> counts = new HashMap<>();
        closedKvRouters.forEach((key, finals) -> counts.merge(key, (double) finals[closedIndex], Double::sum));
        kvRouters.forEach((key, counters) -> counts.merge(key, (double) live.applyAsLong(counters), Double::sum));
        return counts;
    }

    @Override
    public synchronized void kvRouterOpened(String model, String router, KvIndexCounters counters) {
        kvRouters.put(List.of(model, router), counters);
        closedKvRouters.putIfAbsent(List.of(model, router), new long[KV_COUNTERS.size()]);
    }

    @Override
    public synchronized void kvRouterClosed(String model, String router, KvIndexCounters counters) {
        List<String> key = List.of(model, router);
        if (kvRouters.remove(key, counters)) {
            long[] finals = closedKvRouters.computeIfAbsent(key, k -> new long[KV_COUNTERS.size()]);
            for (int i = 0; i < KV_COUNTERS.size(); i++) {
                finals[i] += KV_COUNTERS.get(i).live().applyAsLong(counters);
            }
        }
    }

    void keyRequest(String keyId, int status) {
        keyRequests.labelValues(keyId, Integer.toString(status)).inc();
    }

    void authFailed(String reason) {
        authFailures.labelValues(reason).inc();
    }

    @Override
    public void tierPlaced(String model, int tier) {
        tierRequests.labelValues(model, Integer.toString(tier)).inc();
        tierInFlight.labelValues(model, Integer.toString(tier)).inc();
    }

    @Override
    public void tierEnded(String model, int tier) {
        tierInFlight.labelValues(model, Integer.toString(tier)).dec();
    }

    @Override
    public void tierAdmission(String model, int tier, long committedTokens, long capacityTokens, int queued) {
        String t = Integer.toString(tier);
        tierCommitted.labelValues(model, t).set(committedTokens);
        tierCapacity.labelValues(model, t).set(capacityTokens);
        tierQueue.labelValues(model, t).set(queued);
    }

    @Override
    public void tierQueueWait(String model, int tier, double seconds, boolean admitted) {
        tierQueueWait
                .labelValues(model, Integer.toString(tier), admitted ? "admitted" : "refused")
                .observe(seconds);
    }

    @Override
    public void tierRefused(String model, int tier, String reason) {
        tierRefusals.labelValues(model, Integer.toString(tier), reason).inc();
    }

    void rejected(String model, String code) {
        rejections.labelValues(model, code).inc();
    }

    void request(String model, String endpoint, int status) {
        requests.labelValues(model, endpoint, Integer.toString(status)).inc();
    }

    void started(String model) {
        inFlight.labelValues(model).inc();
    }

    void ended(String model, double seconds, int tokens) {
        inFlight.labelValues(model).dec();
        duration.labelValues(model).observe(seconds);
        outputTokens.labelValues(model).inc(tokens);
    }

    void firstToken(String model, double seconds) {
        ttft.labelValues(model).observe(seconds);
    }

    void interToken(String model, double seconds) {
        itl.labelValues(model).observe(seconds);
    }

    @Override
    public void workerMigration(String model) {
        migrations.labelValues(model, "worker_failure").inc();
    }

    @Override
    public void tierMigration(String model) {
        migrations.labelValues(model, "context_limit").inc();
    }

    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
