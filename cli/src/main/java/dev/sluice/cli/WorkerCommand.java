package dev.sluice.cli;

import dev.sluice.etcd.EtcdDiscovery;
import dev.sluice.etcd.EtcdSecurity;
import dev.sluice.grpc.GrpcRequestPlane;
import dev.sluice.llm.WorkerRegistration;
import dev.sluice.mocker.MockerEngine;
import dev.sluice.mocker.TimingModel;
import dev.sluice.mocker.WorkerSizing;
import dev.sluice.nats.NatsEventBus;
import dev.sluice.nats.NatsSecurity;
import dev.sluice.openaihttp.EngineLoadReporter;
import dev.sluice.openaihttp.OpenAiHttpConfig;
import dev.sluice.openaihttp.OpenAiHttpEngine;
import dev.sluice.openaihttp.OpenAiHttpPrefillEngine;
import dev.sluice.openaihttp.kvevents.EngineKvEvents;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.ModelCard;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.tls.TlsFiles;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice worker}: one worker registered in etcd, events on NATS, requests on gRPC. It hosts a simulated engine
 * (the mocker) or drives a real OpenAI-compatible engine server ({@code openai-http}).
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run one worker as its own process: registers in etcd under a lease, publishes KV events and load",
            "on NATS, and serves generate over gRPC. Only --this-seqlen = --max-seqlen workers publish the model.",
            "With --engine openai-http it drives an engine server instead (vLLM's /v1/completions with",
            "token-id prompts and return_token_ids); start the engine with max_model_len >= --this-seqlen.",
            "It reports the engine's /metrics as load and, with --engine-kv-events, the engine's KV cache",
            "events (vLLM/SGLang over ZMQ) as this worker's; without them run the frontend with --no-kv-events."
        })
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--etcd", required = true, description = "etcd endpoints, e.g. http://127.0.0.1:2379.")
    String etcd;

    @Option(names = "--nats", required = true, description = "NATS server, e.g. nats://127.0.0.1:4222.")
    String nats;

    @Mixin
    RequestPlaneTlsOptions tls = new RequestPlaneTlsOptions();

    @Mixin
    ServiceSecurityOptions services = new ServiceSecurityOptions();

    @Option(
            names = "--engine",
            defaultValue = "mocker",
            description = "The engine: mocker (simulated) or openai-http (an engine server at --engine-url)"
                    + " (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(
            names = "--engine-url",
            description =
                    "openai-http: the engine server's base URL, e.g. http://127.0.0.1:8001 (its /v1/completions is"
                            + " called); an API key, if it needs one, is read from the SLUICE_ENGINE_API_KEY environment"
                            + " variable.")
    Optional<URI> engineUrl;

    @Option(
            names = "--engine-metrics-interval",
            defaultValue = "500",
            description = "openai-http: milliseconds between reads of the engine's /metrics, reported as this"
                    + " worker's load (default: ${DEFAULT-VALUE}).")
    long engineMetricsIntervalMillis;

    @Option(
            names = "--engine-model",
            description = "openai-http: the model name the engine server serves (default: the served model name).")
    Optional<String> engineModel;

    @Option(
            names = "--engine-kv-events",
            paramLabel = "ZMQ",
            description = "openai-http: the engine's KV event publisher, e.g. tcp://127.0.0.1:5557 (vLLM's"
                    + " --kv-events-config endpoint); repeat it once per data-parallel rank (rank r: port + r).")
    List<String> engineKvEvents = new ArrayList<>();

    @Option(
            names = "--engine-kv-replay",
            paramLabel = "ZMQ",
            description = "openai-http: the engine's KV event replay socket, e.g. tcp://127.0.0.1:5558, so missed"
                    + " events are fetched again; repeated like --engine-kv-events, in the same order.")
    List<String> engineKvReplay = new ArrayList<>();

    @Option(
            names = "--metrics-port",
            description = "openai-http: serve this worker's own Prometheus /metrics (KV events received, lost, refused)"
                    + " on this port; 0 picks a free one (default: none).")
    Optional<Integer> metricsPort;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(
            names = "--this-seqlen",
            description = "Longest sequence (prompt + output) this worker holds (default: --max-seqlen).")
    Optional<Integer> thisSeqlen;

    @Option(names = "--max-seqlen", description = "Longest sequence of the deployment (default: the context length).")
    Optional<Integer> maxSeqlen;

    @Option(
            names = "--role",
            defaultValue = "decode",
            description = "decode, or prefill (prefills prompts for decode workers; configured for --max-seqlen; with"
                    + " openai-http, vLLM's NixlConnector prefill leg) (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(
            names = "--grpc-host",
            defaultValue = "127.0.0.1",
            description = "Address the gRPC request plane listens on and advertises (default: ${DEFAULT-VALUE}).")
    String grpcHost;

    @Option(
            names = "--grpc-port",
            defaultValue = "0",
            description = "gRPC port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(
            names = "--lease-ttl",
            defaultValue = "10",
            description = "Seconds after which a dead worker's registration expires (default: ${DEFAULT-VALUE}).")
    int leaseTtlSeconds;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the simulated output tokens (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--fault-drop-kv-events",
            hidden = true,
            description = "Fault injection for chaos tests: lose this worker's KV events numbered FROM-TO (inclusive).")
    Optional<String> faultDropKvEvents = Optional.empty();

    @Mixin
    MockerOptions mocker = new MockerOptions();

    @Mixin
    SpeedupOption speedup = new SpeedupOption();

    @Override
    public Integer call() throws Exception {
        Optional<TlsFiles> planeTls = tls.files();
        EtcdSecurity etcdSecurity = services.etcd();
        NatsSecurity natsSecurity = services.nats();
        if (!engine.equals("mocker") && !engine.equals("openai-http")) {
            throw new IllegalArgumentException("--engine " + engine + " is not one of mocker, openai-http");
        }
        if (engine.equals("openai-http") && engineUrl.isEmpty()) {
            throw new IllegalArgumentException("--engine openai-http needs --engine-url");
        }
        if (engineMetricsIntervalMillis <= 0) {
            throw new IllegalArgumentException(
                    "--engine-metrics-interval " + engineMetricsIntervalMillis + " must be positive");
        }
        List<EngineKvEvents.Endpoint> kvEndpoints = kvEndpoints();
        LoadedModel loaded = this.model.load();
        int max = maxSeqlen.orElse(loaded.info().contextLength());
        WorkerRole workerRole =
                switch (role) {
                    case "decode" -> WorkerRole.DECODE;
                    case "prefill" -> WorkerRole.PREFILL;
                    default -> throw new IllegalArgumentException("--role " + role + " is not one of decode, prefill");
                };
        int mine = workerRole == WorkerRole.PREFILL ? max : thisSeqlen.orElse(max);
        String component =
                workerRole == WorkerRole.PREFILL ? WorkerRegistration.PREFILL_COMPONENT : WorkerRegistration.COMPONENT;
        TimingModel profile = mocker.profile(Optional.empty());
        int blocks = engine.equals("openai-http")
                ? mocker.numGpuBlocks.orElse(WorkerSizing.DEFAULT_BLOCKS)
                : mocker.blocks(profile, mine);
        WorkerMetadata meta = new WorkerMetadata(
                loaded.info().name(),
                workerRole,
                mine,
                max,
                mocker.blockSize,
                blocks,
                mocker.maxNumSeqs,
                mocker.maxNumBatchedTokens);
        ModelCard card = new ModelCard(
                loaded.info().name(),
                max,
                mocker.blockSize,
                loaded.directory().toAbsolutePath().toString(),
                loaded.info().checksum());
        EtcdDiscovery discovery = EtcdDiscovery.connect(etcd, etcdSecurity);
        NatsEventBus bus = NatsEventBus.connect(nats, natsSecurity);
        String kvSubject = DiscoveryKeys.kvEventSubject(WorkerRegistration.NAMESPACE, component, mine);
        EventBus kvBus = faultDropKvEvents
                .<EventBus>map(range -> KvEventDropper.parse(bus, kvSubject, range))
                .orElse(bus);
        GrpcRequestPlane plane = new GrpcRequestPlane(grpcHost, grpcPort, planeTls);
        List<AutoCloseable> engines = new CopyOnWriteArrayList<>();
        WorkerRegistration registration =
                WorkerRegistration.register(discovery, plane, Duration.ofSeconds(leaseTtlSeconds), meta, card, id -> {
                    if (engine.equals("openai-http")) {
                        OpenAiHttpConfig config = new OpenAiHttpConfig(
                                engineUrl.orElseThrow(),
                                engineModel.orElse(loaded.info().name()),
                                mine,
                                Optional.ofNullable(System.getenv("SLUICE_ENGINE_API_KEY")),
                                Duration.ofSeconds(10));
                        String loadSubject = DiscoveryKeys.loadSubject(WorkerRegistration.NAMESPACE, component, mine);
                        EngineLoadReporter load = new EngineLoadReporter(
                                config,
                                id,
                                blocks,
                                Duration.ofMillis(engineMetricsIntervalMillis),
                                l -> bus.publish(loadSubject, EventCodec.encode(l)));
                        // A prefill worker runs vLLM's prefill leg (kv_transfer_params, NixlConnector); a decode
                        // worker adds the returned kv_transfer_params to its leg.
                        var e = workerRole == WorkerRole.PREFILL
                                ? new OpenAiHttpPrefillEngine(config)
                                : new OpenAiHttpEngine(config);
                        engines.add(load);
                        engines.add(e);
                        load.start();
                        if (!kvEndpoints.isEmpty()) {
                            engines.addAll(followKvEvents(id, component, mine, kvEndpoints, kvBus));
                        }
                        return e;
                    }
                    MockerEngine e = new MockerEngine(
                            mocker.config(
                                    id,
                                    mine,
                                    profile,
                                    speedup.speedupRatio,
                                    seed ^ id,
                                    loaded.tokenizer().ordinaryTokenIds(),
                                    kvSubject,
                                    DiscoveryKeys.loadSubject(WorkerRegistration.NAMESPACE, component, mine)),
                            kvBus);
                    e.start();
                    engines.add(e);
                    return e;
                });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            registration.close();
                            engines.forEach(WorkerCommand::closeQuietly);
                            plane.close();
                            bus.close();
                            discovery.close();
                        },
                        "sluice-worker-shutdown"));
        System.out.println("Sluice worker " + registration.instanceId() + " serving "
                + loaded.info().name() + " (tier " + mine + " of " + max + ") at "
                + registration.record().address()
                + (engine.equals("openai-http") ? " driving " + engineUrl.orElseThrow() : ""));
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }

    /** The engine's KV event endpoints, replay sockets matched by position; empty without --engine-kv-events. */
    private List<EngineKvEvents.Endpoint> kvEndpoints() {
        if (!engine.equals("openai-http") && !(engineKvEvents.isEmpty() && engineKvReplay.isEmpty())) {
            throw new IllegalArgumentException("--engine-kv-events and --engine-kv-replay need --engine openai-http");
        }
        if (!engineKvReplay.isEmpty() && engineKvReplay.size() != engineKvEvents.size()) {
            throw new IllegalArgumentException("--engine-kv-replay is given " + engineKvReplay.size()
                    + " times but --engine-kv-events " + engineKvEvents.size() + " times; give one per rank or none");
        }
        if (metricsPort.isPresent() && (metricsPort.get() < 0 || metricsPort.get() > 65_535)) {
            throw new IllegalArgumentException("--metrics-port " + metricsPort.get() + " is not a port");
        }
        List<EngineKvEvents.Endpoint> out = new ArrayList<>();
        for (int i = 0; i < engineKvEvents.size(); i++) {
            Optional<String> replay = engineKvReplay.isEmpty() ? Optional.empty() : Optional.of(engineKvReplay.get(i));
            out.add(new EngineKvEvents.Endpoint(engineKvEvents.get(i), replay));
        }
        return out;
    }

    /**
     * Publishes the engine's KV events as this worker's, answers routers' snapshot requests, and serves the counters on
     * --metrics-port if given. Returns what to close.
     */
    private List<AutoCloseable> followKvEvents(
            long id, String component, int mine, List<EngineKvEvents.Endpoint> endpoints, EventBus bus) {
        String subject = DiscoveryKeys.kvEventSubject(WorkerRegistration.NAMESPACE, component, mine);
        EngineKvEvents events = new EngineKvEvents(
                new EngineKvEvents.Config(id, mocker.blockSize, endpoints, Duration.ofSeconds(2)),
                batch -> bus.publish(subject, EventCodec.encode(batch)));
        EventBus.Subscription snapshots = bus.subscribe(subject + ".snapshot", b -> {
            if (EventCodec.snapshotRequested(b, id)) {
                events.publishSnapshot();
            }
        });
        events.start();
        List<AutoCloseable> out = new ArrayList<>(List.of(snapshots, events));
        metricsPort.ifPresent(port -> out.add(WorkerMetricsServer.start(port, events.counters())));
        return out;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("closing the engine failed: " + e);
        }
    }
}
