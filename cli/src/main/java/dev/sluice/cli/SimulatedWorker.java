package dev.sluice.cli;

import dev.sluice.llm.WorkerRegistration;
import dev.sluice.mocker.MockerConfig;
import dev.sluice.mocker.MockerEngine;
import dev.sluice.mocker.TimingModel;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.EventBus;

/** One simulated decode worker of {@code sluice serve}: a mocker engine and its registration in discovery. */
final class SimulatedWorker implements AutoCloseable {
    private final ServeCommand options;
    private final WorkerMetadata metadata;
    private final TimingModel profile;
    private final LoadedModel model;
    private final EventBus bus;
    private MockerEngine engine;
    private WorkerRegistration registration;

    private SimulatedWorker(
            ServeCommand options, WorkerMetadata metadata, TimingModel profile, LoadedModel model, EventBus bus) {
        this.options = options;
        this.metadata = metadata;
        this.profile = profile;
        this.model = model;
        this.bus = bus;
    }

    static SimulatedWorker create(
            ServeCommand options, WorkerMetadata metadata, TimingModel profile, LoadedModel model, EventBus bus) {
        return new SimulatedWorker(options, metadata, profile, model, bus);
    }

    /** Builds and starts the engine once discovery has given the worker its instance id. */
    Engine<PreprocessedRequest, EngineOutput> engine(long instanceId) {
        String component = metadata.role() == dev.sluice.protocol.WorkerRole.PREFILL
                ? WorkerRegistration.PREFILL_COMPONENT
                : WorkerRegistration.COMPONENT;
        MockerConfig config = options.deployment.mocker.config(
                instanceId,
                metadata.thisSeqlen(),
                profile,
                options.speedup.speedupRatio,
                options.deployment.seed ^ instanceId,
                model.tokenizer().ordinaryTokenIds(),
                DiscoveryKeys.kvEventSubject(WorkerRegistration.NAMESPACE, component, metadata.thisSeqlen()),
                DiscoveryKeys.loadSubject(WorkerRegistration.NAMESPACE, component, metadata.thisSeqlen()));
        engine = new MockerEngine(config, bus);
        engine.start();
        return engine;
    }

    void register(WorkerRegistration registration) {
        this.registration = registration;
    }

    boolean isPrefill() {
        return metadata.role() == dev.sluice.protocol.WorkerRole.PREFILL;
    }

    long instanceId() {
        return registration.instanceId();
    }

    int usedBlocks() {
        return engine.stats().usedBlocks();
    }

    MockerEngine mocker() {
        return engine;
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
