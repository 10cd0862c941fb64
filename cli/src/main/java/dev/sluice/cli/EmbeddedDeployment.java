package dev.sluice.cli;

import dev.sluice.frontend.ApiKeyConfig;
import dev.sluice.frontend.FrontendConfig;
import dev.sluice.frontend.FrontendMetrics;
import dev.sluice.frontend.HttpFrontend;
import dev.sluice.llm.ModelInfo;
import dev.sluice.llm.ModelPipeline;
import dev.sluice.llm.ModelWatcher;
import dev.sluice.llm.RouterSettings;
import dev.sluice.llm.WorkerRegistration;
import dev.sluice.protocol.ModelCard;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.embedded.Embedded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything {@code sluice serve} runs in one JVM: embedded discovery, event bus and request plane; tiers of simulated
 * workers registered like remote ones would be; a model watcher that builds the pipeline when the model card appears;
 * and the HTTP frontend. Closing it stops the frontend first, then the workers.
 */
final class EmbeddedDeployment implements AutoCloseable {
    private final Discovery discovery = Embedded.discovery();
    private final EventBus eventBus = Embedded.eventBus();
    private final RequestPlane requestPlane = Embedded.requestPlane();
    private final List<SimulatedWorker> workers = new ArrayList<>();
    private final TreeMap<Integer, Integer> tiers;
    private final LoadedModel model;
    private final String routerMode;
    private ModelWatcher watcher;
    private HttpFrontend frontend;

    private EmbeddedDeployment(LoadedModel model, TreeMap<Integer, Integer> tiers, String routerMode) {
        this.model = model;
        this.tiers = tiers;
        this.routerMode = routerMode;
    }

    static EmbeddedDeployment start(ServeCommand options) {
        LoadedModel model = options.model.load();
        TreeMap<Integer, Integer> tiers = tiers(options.tiers, model.info().contextLength());
        RouterSettings settings = options.routing.settings(options.mocker.blockSize, options.seed);
        FrontendConfig frontendConfig = options.http.config();
        ApiKeyConfig keys = options.apiKeys.config();
        EmbeddedDeployment d = new EmbeddedDeployment(model, tiers, options.routing.router);
        try {
            d.startWorkers(options);
            FrontendMetrics metrics = new FrontendMetrics();
            d.watcher = new ModelWatcher(
                    d.discovery,
                    card -> d.model.info(),
                    (info, live, prefill) -> ModelPipeline.build(
                            info,
                            live,
                            prefill,
                            settings,
                            d.requestPlane,
                            d.eventBus,
                            metrics,
                            options.prefillThreshold));
            d.watcher.start();
            d.frontend = HttpFrontend.start(frontendConfig, d.watcher, metrics, keys);
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    static TreeMap<Integer, Integer> tiers(List<String> specs, int contextLength) {
        TreeMap<Integer, Integer> tiers = new TreeMap<>();
        for (String spec : specs) {
            TierSpec t = TierSpec.parse(spec);
            if (tiers.put(t.thisSeqlen(), t.workers()) != null) {
                throw new IllegalArgumentException("--tier " + t.thisSeqlen() + " is given twice");
            }
        }
        if (tiers.isEmpty()) {
            tiers.put(contextLength, 2);
        }
        if (tiers.lastKey() > contextLength) {
            throw new IllegalArgumentException(
                    "tier " + tiers.lastKey() + " exceeds the model's context length of " + contextLength + " tokens");
        }
        if (tiers.lastEntry().getValue() == 0) {
            throw new IllegalArgumentException("the longest tier (" + tiers.lastKey()
                    + ") needs at least one worker: only its workers publish the model");
        }
        return tiers;
    }

    private void startWorkers(ServeCommand o) {
        if (o.prefillWorkers < 0) {
            throw new IllegalArgumentException("--prefill-workers " + o.prefillWorkers + " is negative");
        }
        int maxSeqlen = tiers.lastKey();
        ModelCard card = new ModelCard(
                model.info().name(),
                maxSeqlen,
                o.mocker.blockSize,
                model.directory().toString(),
                model.info().checksum());
        tiers.forEach((seqlen, count) -> {
            for (int i = 0; i < count; i++) {
                addWorker(o, WorkerRole.DECODE, seqlen, maxSeqlen, card);
            }
        });
        for (int i = 0; i < o.prefillWorkers; i++) {
            addWorker(o, WorkerRole.PREFILL, maxSeqlen, maxSeqlen, card);
        }
    }

    /** Starts one simulated worker and registers it as a remote worker would register itself. */
    private void addWorker(ServeCommand o, WorkerRole role, int thisSeqlen, int maxSeqlen, ModelCard card) {
        WorkerMetadata meta = new WorkerMetadata(
                model.info().name(),
                role,
                thisSeqlen,
                maxSeqlen,
                o.mocker.blockSize,
                o.mocker.numGpuBlocks,
                o.mocker.maxNumSeqs,
                o.mocker.maxNumBatchedTokens);
        SimulatedWorker worker = SimulatedWorker.create(o, meta, model, eventBus);
        workers.add(worker);
        worker.register(WorkerRegistration.register(
                discovery, requestPlane, Duration.ofSeconds(10), meta, card, worker::engine));
    }

    String modelName() {
        return model.info().name();
    }

    int port() {
        return frontend.port();
    }

    String describe() {
        String t = tiers.entrySet().stream()
                .map(e -> e.getKey() + "x" + e.getValue())
                .collect(Collectors.joining(", "));
        long prefill = workers.stream().filter(SimulatedWorker::isPrefill).count();
        return "tiers " + t + (prefill > 0 ? ", " + prefill + " prefill workers" : "") + ", router " + routerMode;
    }

    ModelInfo modelInfo() {
        return model.info();
    }

    List<SimulatedWorker> workers() {
        return List.copyOf(workers);
    }

    @Override
    public synchronized void close() {
        if (frontend != null) {
            frontend.close();
            frontend = null;
        }
        if (watcher != null) {
            watcher.close();
        }
        workers.forEach(SimulatedWorker::close);
        workers.clear();
        requestPlane.close();
        eventBus.close();
        discovery.close();
    }
}
