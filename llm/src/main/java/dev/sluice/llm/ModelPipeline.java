package dev.sluice.llm;

import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.openai.OpenAiRequest;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestPlane;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

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
 */
public final class ModelPipeline {
    private ModelPipeline() {}

    /** The pipeline with a prefill pool: prompts of at least {@code prefillThreshold} tokens are prefilled there. */
    public static Engine<OpenAiRequest, LlmChunk> build(
            ModelInfo model,
            LiveWorkers workers,
            LiveWorkers prefillWorkers,
            RouterSettings settings,
            RequestPlane requestPlane,
            EventBus bus,
            PipelineMetrics metrics,
            int prefillThreshold,
            RouterRuntime runtime) {
        Engine<PreprocessedRequest, EngineOutput> routing = routing(
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
        return new PreprocessorOperator(model).link(backend);
    }

    /** Migration, prefill routing, the decode disaggregator and one router per decode tier. */
    public static Engine<PreprocessedRequest, EngineOutput> routing(
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
        Map<Integer, TierRouter> routers = new ConcurrentHashMap<>();
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        DecodeDisaggregator decode = new DecodeDisaggregator(
                workers,
                tier -> routers.computeIfAbsent(
                        tier,
                        t -> new TierRouter(
                                t,
                                workers,
                                selector(settings, seeds, t, workers, bus, runtime),
                                requestPlane,
                                metrics,
                                runtime.scheduler(),
                                modelName,
                                settings.admission())),
                settings.tierPolicy().create(),
                maxSeqlen,
                () -> metrics.tierMigration(modelName));
        WorkerSelector prefillSelector = settings.mode().equals("kv")
                ? new KvWorkerSelector(
                        maxSeqlen,
                        settings.kv(),
                        bus,
                        WorkerRegistration.NAMESPACE,
                        WorkerRegistration.PREFILL_COMPONENT,
                        seeds.split(),
                        settings.replicaSync(),
                        runtime)
                : WorkerSelector.roundRobin();
        PrefillRouterOperator prefillRouter = new PrefillRouterOperator(
                prefillWorkers, prefillSelector, requestPlane, prefillThreshold, runtime.scheduler());
        decode.reprefillWith(prefillRouter);
        Engine<PreprocessedRequest, EngineOutput> prefill = prefillRouter.link(decode);
        return new MigrationOperator(settings.migrationLimit(), attempt -> metrics.workerMigration(modelName))
                .link(prefill);
    }

    private static synchronized WorkerSelector selector(
            RouterSettings settings,
            SplittableRandom seeds,
            int tier,
            LiveWorkers workers,
            EventBus bus,
            RouterRuntime runtime) {
        return switch (settings.mode()) {
            case "random" -> WorkerSelector.random(seeds.split());
            case "kv" -> {
                int blockSize = workers.tier(tier).stream()
                        .mapToInt(r -> r.metadata().kvBlockSize())
                        .findFirst()
                        .orElse(settings.kv().blockSizeTokens());
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
                yield new KvWorkerSelector(
                        tier,
                        config,
                        bus,
                        WorkerRegistration.NAMESPACE,
                        WorkerRegistration.COMPONENT,
                        seeds.split(),
                        settings.replicaSync(),
                        runtime);
            }
            default -> WorkerSelector.roundRobin();
        };
    }
}
