package dev.sluice.sim;

import dev.sluice.bench.PromptBuilder;
import dev.sluice.bench.RequestResult;
import dev.sluice.bench.TraceRequest;
import dev.sluice.llm.LiveWorkers;
import dev.sluice.llm.ModelPipeline;
import dev.sluice.llm.PipelineMetrics;
import dev.sluice.llm.RouterRuntime;
import dev.sluice.llm.WorkerRegistration;
import dev.sluice.mocker.MockerConfig;
import dev.sluice.mocker.MockerEngine;
import dev.sluice.mocker.TimingModel;
import dev.sluice.mocker.WorkerSizing;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.RoutingHints;
import dev.sluice.protocol.SluiceException;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.embedded.Embedded;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Replays a workload through the production routing stack on one virtual clock: the routing pipeline of
 * {@link ModelPipeline#routing} (migration, prefill router, decode disaggregator, each tier's KV router fed by the
 * workers' KV events) in front of {@link MockerEngine} workers, all on one {@link EventLoop}, with the embedded event
 * bus and request plane. No HTTP, no threads, no sleeping: the same inputs give the same results, bit for bit.
 */
public final class Simulation {
    /** Progress output that goes nowhere (runs of a sweep report when they end instead). */
    public static final PrintStream SILENT = new PrintStream(java.io.OutputStream.nullOutputStream());

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** Output tokens are drawn from this many ids; what they are does not matter to timing. */
    private static final int[] VOCABULARY = IntStream.range(1000, 5096).toArray();

    private final Deployment deployment;
    private final SimOptions options;
    private final EventLoop loop = new EventLoop();
    private final EventBus bus = Embedded.eventBus();
    private final RequestPlane plane = Embedded.requestPlane();
    private final List<SimWorker> workers = new ArrayList<>();
    private int outstanding;

    /**
     * How a run replays and is sampled: arrival times scaled by {@code timeScale}; workers sampled every
     * {@code sampleIntervalNanos}; prompt token ids from [{@code tokenLow}, {@code tokenHigh}); with
     * {@code openEnded} requests carry no {@code max_tokens}, as most clients send (each still ends after its trace's
     * output length, but routers cannot know it in advance).
     */
    public record SimOptions(
            double timeScale,
            long sampleIntervalNanos,
            int tokenLow,
            int tokenHigh,
            boolean openEnded,
            PrintStream progress) {}

    /** One worker of the deployment and its engine. */
    record SimWorker(InstanceRecord record, MockerEngine engine, String profile) {}

    private Simulation(Deployment deployment, SimOptions options) {
        this.deployment = deployment;
        this.options = options;
    }

    /** Runs {@code workload} against {@code deployment}. */
    public static SimulationResult run(Deployment deployment, List<TraceRequest> workload, SimOptions options) {
        return new Simulation(deployment, options).replay(workload);
    }

    private SimulationResult replay(List<TraceRequest> workload) {
        long realStart = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        LiveWorkers decode = new LiveWorkers();
        LiveWorkers prefill = new LiveWorkers();
        startWorkers(decode, prefill);
        Engine<PreprocessedRequest, EngineOutput> routing = ModelPipeline.routing(
                "sim",
                deployment.maxSeqlen(),
                decode,
                prefill,
                deployment.router(),
                plane,
                bus,
                PipelineMetrics.NONE,
                deployment.prefillThreshold(),
                RouterRuntime.simulated(loop));
        PromptBuilder prompts = new PromptBuilder(options.tokenLow(), options.tokenHigh());
        List<SimulatedRequest> requests = new ArrayList<>(workload.size());
        WorkerSampler sampler = new WorkerSampler(loop, workers, options.sampleIntervalNanos());
        Progress progress = new Progress(options.progress(), workload.size(), realStart);
        outstanding = workload.size();
        for (int i = 0; i < workload.size(); i++) {
            TraceRequest r = workload.get(i);
            long arrival = (long) (r.timestampMillis() * options.timeScale() * 1e6);
            SimulatedRequest sim = new SimulatedRequest(loop, i, r, arrival, () -> {
                outstanding--;
                progress.done(loop.nanoTime());
                if (outstanding == 0) {
                    sampler.stop();
                }
            });
            requests.add(sim);
            int index = i;
            loop.at(arrival, () -> send(routing, prompts, sim, r, index));
        }
        sampler.start();
        loop.run();
        progress.finish(loop.nanoTime());
        List<RequestResult> results = requests.stream()
                .map(r -> r.result().orElseThrow(() -> new IllegalStateException("a simulated request never ended")))
                .toList();
        List<WorkerInfo> infos = workers.stream().map(Simulation::info).toList();
        workers.forEach(w -> w.engine().close());
        return new SimulationResult(
                deployment,
                results,
                loop.nanoTime() / 1e9,
                infos,
                sampler.series(),
                loop.executed(),
                (System.nanoTime() - realStart) / 1e9,
                (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    }

    private static WorkerInfo info(SimWorker w) {
        MockerEngine.Counters c = w.engine().counters();
        return new WorkerInfo(
                w.record().instanceId(),
                w.record().metadata().role().name().toLowerCase(),
                w.record().metadata().thisSeqlen(),
                w.profile(),
                w.record().metadata().totalKvBlocks(),
                c.busyMillis(),
                c.preemptions());
    }

    private void send(
            Engine<PreprocessedRequest, EngineOutput> routing,
            PromptBuilder prompts,
            SimulatedRequest sim,
            TraceRequest r,
            int index) {
        int[] tokens = prompts.prompt(r, index);
        PreprocessedRequest request = PreprocessedRequest.of(
                        "sim",
                        tokens,
                        new StopConditions(r.outputLength(), r.outputLength(), List.of(), List.of(), true))
                .withRouting(RoutingHints.NONE.withOutputUnbounded(options.openEnded()));
        RequestContext context = RequestContext.create("sim-" + index);
        try {
            sim.start(routing.generate(request, context), context);
        } catch (SluiceException e) {
            sim.refused(e);
        }
    }

    private void startWorkers(LiveWorkers decode, LiveWorkers prefill) {
        long id = 1;
        List<InstanceRecord> decodeRecords = new ArrayList<>();
        for (SimTier tier : deployment.tiers()) {
            for (int i = 0; i < tier.workers(); i++) {
                decodeRecords.add(startWorker(id++, WorkerRole.DECODE, tier.thisSeqlen(), tier.profile()));
            }
        }
        List<InstanceRecord> prefillRecords = new ArrayList<>();
        for (int i = 0; i < deployment.prefillWorkers(); i++) {
            prefillRecords.add(
                    startWorker(id++, WorkerRole.PREFILL, deployment.maxSeqlen(), deployment.prefillProfile()));
        }
        decode.update(decodeRecords);
        prefill.update(prefillRecords);
    }

    private InstanceRecord startWorker(long id, WorkerRole role, int thisSeqlen, TimingModel profile) {
        int blocks = WorkerSizing.blocks(profile, deployment.numGpuBlocks(), deployment.blockSize(), thisSeqlen);
        String component =
                role == WorkerRole.PREFILL ? WorkerRegistration.PREFILL_COMPONENT : WorkerRegistration.COMPONENT;
        MockerConfig config = new MockerConfig(
                id,
                thisSeqlen,
                blocks,
                deployment.blockSize(),
                deployment.maxNumSeqs(),
                deployment.maxNumBatchedTokens(),
                1.0,
                deployment.seed() ^ id,
                VOCABULARY,
                profile,
                DiscoveryKeys.kvEventSubject(WorkerRegistration.NAMESPACE, component, thisSeqlen),
                DiscoveryKeys.loadSubject(WorkerRegistration.NAMESPACE, component, thisSeqlen),
                4096,
                deployment.naturalOutputMean());
        MockerEngine engine = new MockerEngine(config, bus, loop);
        engine.start();
        plane.serve(id, engine);
        InstanceRecord record = new InstanceRecord(
                WorkerRegistration.NAMESPACE,
                component,
                "generate",
                id,
                "sim:" + id,
                new WorkerMetadata(
                        "sim",
                        role,
                        thisSeqlen,
                        deployment.maxSeqlen(),
                        deployment.blockSize(),
                        blocks,
                        deployment.maxNumSeqs(),
                        deployment.maxNumBatchedTokens()));
        workers.add(new SimWorker(record, engine, profile.name()));
        return record;
    }
}
