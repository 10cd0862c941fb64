package dev.sluice.cli;

import dev.sluice.frontend.ApiKeyConfig;
import dev.sluice.frontend.FrontendConfig;
import dev.sluice.frontend.FrontendMetrics;
import dev.sluice.frontend.HttpFrontend;
import dev.sluice.llm.ModelInfo;
import dev.sluice.llm.ModelPipeline;
import dev.sluice.llm.ModelWatcher;
import dev.sluice.llm.RouterRuntime;
import dev.sluice.llm.RouterSettings;
import dev.sluice.llm.WorkerRegistration;
import dev.sluice.mocker.TimingModel;
import dev.sluice.protocol.ModelCard;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.Schedulers;
import dev.sluice.runtime.embedded.Embedded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private final Schedulers.ThreadScheduler routerTimers = Schedulers.thread("sluice-router-timers");
    private final List<SimulatedWorker> workers = new ArrayList<>();
    private final TreeMap<Integer, TierSpec> tiers;
    private final LoadedModel model;
    private final String routerMode;
    private ModelWatcher watcher;
    private HttpFrontend frontend;

    private EmbeddedDeployment(LoadedModel model, TreeMap<Integer, TierSpec> tiers, String routerMode) {
        this.model = model;
        this.tiers = tiers;
        this.routerMode = routerMode;
    }

    static EmbeddedDeployment start(ServeCommand options) {
        LoadedModel model = options.model.load();
        DeploymentOptions o = options.deployment;
        int context = model.info().contextLength();
        TreeMap<Integer, TierSpec> tiers = o.tiers(context, 2, context);
        RouterSettings settings = o.routerSettings();
        FrontendConfig frontendConfig = options.http.config();
        ApiKeyConfig keys = options.apiKeys.config();
        EmbeddedDeployment d = new EmbeddedDeployment(model, tiers, o.routing.router);
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
                            o.prefillThreshold,
                            RouterRuntime.serving(d.routerTimers)));
            d.watcher.start();
            d.frontend = HttpFrontend.start(frontendConfig, d.watcher, metrics, keys);
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void startWorkers(ServeCommand options) {
        DeploymentOptions o = options.deployment;
        int maxSeqlen = tiers.lastKey();
        ModelCard card = new ModelCard(
                model.info().name(),
                maxSeqlen,
                o.mocker.blockSize,
                model.directory().toString(),
                model.info().checksum());
        // Every worker is sized before any starts, so a tier its GPU cannot hold is refused up front.
        tiers.values().forEach(t -> o.mocker.blocks(o.mocker.profile(t.profile()), t.thisSeqlen()));
        tiers.values().forEach(t -> {
            for (int i = 0; i < t.workers(); i++) {
                addWorker(options, WorkerRole.DECODE, t.thisSeqlen(), maxSeqlen, t.profile(), card);
            }
        });
        for (int i = 0; i < o.prefillWorkers; i++) {
            addWorker(options, WorkerRole.PREFILL, maxSeqlen, maxSeqlen, Optional.empty(), card);
        }
    }

    /** Starts one simulated worker and registers it as a remote worker would register itself. */
    private void addWorker(
            ServeCommand options,
            WorkerRole role,
            int thisSeqlen,
            int maxSeqlen,
            Optional<String> tierProfile,
            ModelCard card) {
        MockerOptions m = options.deployment.mocker;
        TimingModel profile = m.profile(tierProfile);
        WorkerMetadata meta = new WorkerMetadata(
                model.info().name(),
                role,
                thisSeqlen,
                maxSeqlen,
                m.blockSize,
                m.blocks(profile, thisSeqlen),
                m.maxNumSeqs,
                m.maxNumBatchedTokens);
        SimulatedWorker worker = SimulatedWorker.create(options, meta, profile, model, eventBus);
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
        String t = tiers.values().stream()
                .map(e -> e.thisSeqlen() + "x" + e.workers()
                        + e.profile().map(p -> " on " + p).orElse(""))
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
        routerTimers.close();
        eventBus.close();
        discovery.close();
    }
}
