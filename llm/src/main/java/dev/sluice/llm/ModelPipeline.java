package dev.sluice.llm;

import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.openai.OpenAiRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.ResponseStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Builds the engine of one served model from its operators:
 *
 * <pre>
 * HTTP ─► Preprocessor ─► Backend ─► Migration ─► PrefillRouter ─► DecodeDisaggregator ─► TierRouter ─► worker
 *                                    └──────────────────── {@link #routing} ─────────────────────────────┘
 * </pre>
 *
 * The backend sits above migration (the reference puts it below) so that a re-issued sequence keeps one detokenizer
 * and one stop-string matcher: text held back at the moment a worker died is not lost. Prefill routing is a
 * pass-through until prefill workers exist. The routing part is what {@code sluice simulate} runs on its virtual
 * clock, below the text operators.
 *
 * <p>Tier routers are built when a tier is first routed to, for the KV block size its workers registered with; the
 * prefill pool's router likewise ({@link PoolSelector}). A tier whose workers all vanish has its router closed (its
 * KV router thread and event-bus subscriptions released), as has an emptied prefill pool; closing the pipeline closes
 * them all.
 */
public final class ModelPipeline {
    private ModelPipeline() {}

    /** The pipeline with a prefill pool: prompts of at least {@code prefillThreshold} tokens are prefilled there. */
    public static ClosableEngine<OpenAiRequest, LlmChunk> build(
            ModelInfo model,
            LiveWorkers workers,
            LiveWorkers prefillWorkers,
            RouterSettings settings,
            RequestPlane requestPlane,
            EventBus bus,
            PipelineMetrics metrics,
            int prefillThreshold,
            RouterRuntime runtime) {
        ClosableEngine<PreprocessedRequest, EngineOutput> routing = routing(
                model.name(),
                model.contextLength(),
                workers,
                prefillWorkers,
                settings,
                requestPlane,
                bus,
                metrics,
                prefillThreshold,
                runtime);
        Engine<PreprocessedRequest, EngineOutput> backend = new BackendOperator(model.tokenizer()).link(routing);
        Engine<OpenAiRequest, LlmChunk> pipeline = new PreprocessorOperator(model).link(backend);
        return closing(pipeline, routing);
    }

    /** Migration, prefill routing, the decode disaggregator and one router per decode tier. */
    public static ClosableEngine<PreprocessedRequest, EngineOutput> routing(
            String modelName,
            int maxSeqlen,
            LiveWorkers workers,
            LiveWorkers prefillWorkers,
            RouterSettings settings,
            RequestPlane requestPlane,
            EventBus bus,
            PipelineMetrics metrics,
            int prefillThreshold,
            RouterRuntime runtime) {
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        Routers routers = new Routers(
                workers,
                prefillWorkers,
                tier -> new TierRouter(
                        tier,
                        workers,
                        selector(
                                settings,
                                seeds,
                                tier,
                                workers.tier(tier),
                                bus,
                                new Named(modelName, "decode-" + tier, metrics),
                                runtime),
                        requestPlane,
                        metrics,
                        runtime.scheduler(),
                        modelName,
                        settings.admission()),
                new PoolSelector(
                        blockSize -> settings.mode().equals("kv")
                                ? kvSelector(
                                        settings,
                                        seeds,
                                        maxSeqlen,
                                        blockSize,
                                        bus,
                                        WorkerRegistration.PREFILL_COMPONENT,
                                        new Named(modelName, "prefill", metrics),
                                        runtime)
                                : WorkerSelector.roundRobin(),
                        settings.kv().queueTimeout()));
        DecodeDisaggregator decode = new DecodeDisaggregator(
                workers,
                routers::tier,
                settings.tierPolicy().create(),
                maxSeqlen,
                () -> metrics.tierMigration(modelName));
        PrefillRouterOperator prefillRouter = new PrefillRouterOperator(
                prefillWorkers, routers.prefill(), requestPlane, prefillThreshold, runtime.scheduler());
        decode.reprefillWith(prefillRouter);
        Engine<PreprocessedRequest, EngineOutput> prefill = prefillRouter.link(decode);
        Engine<PreprocessedRequest, EngineOutput> migration = new MigrationOperator(
                        settings.migrationLimit(), attempt -> metrics.workerMigration(modelName))
                .link(prefill);
        return closing(migration, routers);
    }

    private static <Req, Resp> ClosableEngine<Req, Resp> closing(Engine<Req, Resp> engine, AutoCloseable resources) {
        return new ClosableEngine<>() {
            @Override
            public ResponseStream<Resp> generate(Req request, RequestContext context) {
                return engine.generate(request, context);
            }

            @Override
            public void close() {
                try {
                    resources.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing a model pipeline", e);
                }
            }
        };
    }

    /**
     * The routers of one pipeline: one per decode tier that has been routed to and still has workers, and the prefill
     * pool's. The map has many readers and two writers (a request building a tier's router, a worker change pruning
     * one), both through {@link ConcurrentHashMap}'s per-key atomic operations.
     */
    private static final class Routers implements AutoCloseable {
        private final LiveWorkers workers;
        private final IntFunction<TierRouter> factory;
        private final PoolSelector prefill;
        private final Map<Integer, TierRouter> byTier = new ConcurrentHashMap<>();
        private final List<LiveWorkers.Listening> listening;
        private volatile boolean closed;

        Routers(
                LiveWorkers workers,
                LiveWorkers prefillWorkers,
                IntFunction<TierRouter> factory,
                PoolSelector prefill) {
            this.workers = workers;
            this.factory = factory;
            this.prefill = prefill;
            this.listening = List.of(
                    workers.onChange(this::prune),
                    prefillWorkers.onChange(
                            () -> prefill.poolChanged(prefillWorkers.tiers().isEmpty())));
        }

        TierRouter tier(int thisSeqlen) {
            if (closed) {
                throw new SluiceException(ErrorCode.NO_WORKERS, "the model is no longer served");
            }
            TierRouter router = byTier.computeIfAbsent(thisSeqlen, factory::apply);
            if (workers.tier(thisSeqlen).isEmpty() || closed) {
                prune(); // the tier vanished (or the pipeline closed) while its router was built
            }
            return router;
        }

        PoolSelector prefill() {
            return prefill;
        }

        /** Closes the routers of tiers that have no live worker left. */
        private void prune() {
            Set<Integer> live = closed ? Set.of() : workers.tiers().keySet();
            for (Integer tier : List.copyOf(byTier.keySet())) {
                if (!live.contains(tier)) {
                    TierRouter gone = byTier.remove(tier);
                    if (gone != null) {
                        gone.close();
                    }
                }
            }
        }

        /** Routers held now (tests). */
        int tierRouters() {
            return byTier.size();
        }

        @Override
        public void close() {
            closed = true;
            listening.forEach(LiveWorkers.Listening::close);
            prune();
            prefill.close();
        }
    }

    /** What a KV router reports its counters as, and to whom. */
    private record Named(String model, String router, PipelineMetrics metrics) {}

    private static synchronized WorkerSelector selector(
            RouterSettings settings,
            SplittableRandom seeds,
            int tier,
            List<InstanceRecord> tierWorkers,
            EventBus bus,
            Named name,
            RouterRuntime runtime) {
        return switch (settings.mode()) {
            case "random" -> WorkerSelector.random(seeds.split());
            case "kv" -> {
                int blockSize = tierWorkers.stream()
                        .mapToInt(r -> r.metadata().kvBlockSize())
                        .findFirst()
                        .orElse(settings.kv().blockSizeTokens());
                yield kvSelector(settings, seeds, tier, blockSize, bus, WorkerRegistration.COMPONENT, name, runtime);
            }
            default -> WorkerSelector.roundRobin();
        };
    }

    /** A KV selector for the workers of {@code component} whose events are published under {@code thisSeqlen}. */
    private static synchronized KvWorkerSelector kvSelector(
            RouterSettings settings,
            SplittableRandom seeds,
            int thisSeqlen,
            int blockSize,
            EventBus bus,
            String component,
            Named name,
            RouterRuntime runtime) {
        KvRouterConfig config = new KvRouterConfig(
                blockSize,
                settings.kv().overlapScoreWeight(),
                settings.kv().temperature(),
                settings.kv().busyWaitingThreshold(),
                settings.kv().busyKvUsageThreshold(),
                settings.kv().maxQueued(),
                settings.kv().queueTimeout(),
                settings.kv().useKvEvents(),
                settings.kv().approximateTtl(),
                settings.kv().approximateMaxBlocks());
        KvWorkerSelector selector = new KvWorkerSelector(
                thisSeqlen,
                config,
                bus,
                WorkerRegistration.NAMESPACE,
                component,
                seeds.split(),
                settings.replicaSync(),
                runtime);
        name.metrics().kvRouterOpened(name.model(), name.router(), selector);
        selector.whenClosed(() -> name.metrics().kvRouterClosed(name.model(), name.router(), selector));
        return selector;
    }
}
