package dev.sluice.cli;

import dev.sluice.etcd.EtcdDiscovery;
import dev.sluice.grpc.GrpcRequestPlane;
import dev.sluice.llm.WorkerRegistration;
import dev.sluice.mocker.MockerEngine;
import dev.sluice.nats.NatsEventBus;
import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.ModelCard;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice worker}: one simulated decode worker registered in etcd, events on NATS, requests on gRPC. */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run one worker as its own process: registers in etcd under a lease, publishes KV events and load",
            "on NATS, and serves generate over gRPC. Only --this-seqlen = --max-seqlen workers publish the model."
        })
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--etcd", required = true, description = "etcd endpoints, e.g. http://127.0.0.1:2379.")
    String etcd;

    @Option(names = "--nats", required = true, description = "NATS server, e.g. nats://127.0.0.1:4222.")
    String nats;

    @Option(
            names = "--engine",
            defaultValue = "mocker",
            description = "The engine this worker hosts: mocker (default: ${DEFAULT-VALUE}).")
    String engine;

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
            description =
                    "decode, or prefill (prefills prompts for decode workers; configured for --max-seqlen) (default: ${DEFAULT-VALUE}).")
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

    @Mixin
    MockerOptions mocker = new MockerOptions();

    @Override
    public Integer call() throws Exception {
        if (!engine.equals("mocker")) {
            throw new IllegalArgumentException("--engine " + engine + " is not available; this build hosts: mocker");
        }
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
        WorkerMetadata meta = new WorkerMetadata(
                loaded.info().name(),
                workerRole,
                mine,
                max,
                mocker.blockSize,
                mocker.numGpuBlocks,
                mocker.maxNumSeqs,
                mocker.maxNumBatchedTokens);
        ModelCard card = new ModelCard(
                loaded.info().name(),
                max,
                mocker.blockSize,
                loaded.directory().toAbsolutePath().toString(),
                loaded.info().checksum());
        EtcdDiscovery discovery = EtcdDiscovery.connect(etcd);
        NatsEventBus bus = NatsEventBus.connect(nats);
        GrpcRequestPlane plane = new GrpcRequestPlane(grpcHost, grpcPort);
        AtomicReference<MockerEngine> engineRef = new AtomicReference<>();
        WorkerRegistration registration =
                WorkerRegistration.register(discovery, plane, Duration.ofSeconds(leaseTtlSeconds), meta, card, id -> {
                    MockerEngine e = new MockerEngine(
                            mocker.config(
                                    id,
                                    mine,
                                    seed ^ id,
                                    loaded.tokenizer().ordinaryTokenIds(),
                                    DiscoveryKeys.kvEventSubject(WorkerRegistration.NAMESPACE, component, mine),
                                    DiscoveryKeys.loadSubject(WorkerRegistration.NAMESPACE, component, mine)),
                            bus);
                    e.start();
                    engineRef.set(e);
                    return e;
                });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            registration.close();
                            engineRef.get().close();
                            plane.close();
                            bus.close();
                            discovery.close();
                        },
                        "sluice-worker-shutdown"));
        System.out.println("Sluice worker " + registration.instanceId() + " serving "
                + loaded.info().name() + " (tier " + mine + " of " + max + ") at "
                + registration.record().address());
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
