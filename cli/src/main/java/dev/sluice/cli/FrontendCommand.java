package dev.sluice.cli;

import dev.sluice.etcd.EtcdDiscovery;
import dev.sluice.etcd.EtcdSecurity;
import dev.sluice.frontend.ApiKeyConfig;
import dev.sluice.frontend.FrontendMetrics;
import dev.sluice.frontend.HttpFrontend;
import dev.sluice.grpc.GrpcRequestPlane;
import dev.sluice.llm.AdmissionSettings;
import dev.sluice.llm.ModelPipeline;
import dev.sluice.llm.ModelWatcher;
import dev.sluice.llm.RouterRuntime;
import dev.sluice.llm.RouterSettings;
import dev.sluice.nats.NatsEventBus;
import dev.sluice.nats.NatsSecurity;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.Schedulers;
import dev.sluice.runtime.tls.TlsFiles;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice frontend}: the HTTP frontend as its own process, finding workers in etcd. */
@Command(
        name = "frontend",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the OpenAI-compatible frontend as its own process: watches etcd for workers and model cards,",
            "reads KV events and load from NATS, and calls workers over gRPC."
        })
final class FrontendCommand implements Callable<Integer> {
    @Option(names = "--etcd", required = true, description = "etcd endpoints, e.g. http://127.0.0.1:2379.")
    String etcd;

    @Option(names = "--nats", required = true, description = "NATS server, e.g. nats://127.0.0.1:4222.")
    String nats;

    @Mixin
    RequestPlaneTlsOptions tls = new RequestPlaneTlsOptions();

    @Mixin
    ServiceSecurityOptions services = new ServiceSecurityOptions();

    @Mixin
    HttpOptions http = new HttpOptions();

    @Mixin
    ApiKeyOptions apiKeys = new ApiKeyOptions();

    @Option(names = "--model-path", description = "Read the tokenizer here instead of at the path in the model card.")
    Optional<Path> modelPath;

    @Mixin
    RouterOptions routing = new RouterOptions();

    @Mixin
    AdmissionOptions admission = new AdmissionOptions();

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of random routing choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--instance-grace",
            defaultValue = "5",
            description =
                    "Seconds a worker whose registration vanished stays routable, so a discovery outage that cost it its lease does not drop it (default: ${DEFAULT-VALUE}).")
    int instanceGraceSeconds;

    @Option(
            names = "--prefill-threshold",
            defaultValue = "0",
            description = "Prompts shorter than this many tokens skip the prefill workers (default: ${DEFAULT-VALUE}).")
    int prefillThreshold;

    @Override
    public Integer call() throws Exception {
        Optional<TlsFiles> planeTls = tls.files();
        EtcdSecurity etcdSecurity = services.etcd();
        NatsSecurity natsSecurity = services.nats();
        ApiKeyConfig keys = apiKeys.config();
        AdmissionSettings admitting = admission.settings();
        EtcdDiscovery discovery = EtcdDiscovery.connect(etcd, etcdSecurity);
        NatsEventBus bus = NatsEventBus.connect(nats, natsSecurity);
        GrpcRequestPlane plane = new GrpcRequestPlane("127.0.0.1", 0, planeTls);
        Discovery.Watch channelReleaser = plane.releaseDeparted(discovery);
        FrontendMetrics metrics = new FrontendMetrics();
        Schedulers.ThreadScheduler routerTimers = Schedulers.thread("sluice-router-timers");
        ModelWatcher watcher = new ModelWatcher(
                discovery,
                card -> LoadedModel.load(
                                Optional.of(modelPath.orElse(Path.of(card.modelPath()))),
                                Optional.of(card.name()),
                                Optional.of(card.contextLength()))
                        .info(),
                (info, live, prefill) -> {
                    // 64 is only a fallback: each decode tier's and the prefill pool's KV router is built for the
                    // kv_block_size its workers registered with.
                    RouterSettings settings = routing.settings(64, seed).withAdmission(admitting);
                    return ModelPipeline.build(
                            info,
                            live,
                            prefill,
                            settings,
                            plane,
                            bus,
                            metrics,
                            prefillThreshold,
                            RouterRuntime.serving(routerTimers));
                });
        watcher.withInstanceGrace(java.time.Duration.ofSeconds(instanceGraceSeconds))
                .start();
        HttpFrontend frontend = HttpFrontend.start(http.config(), watcher, metrics, keys);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            frontend.close();
                            watcher.close();
                            channelReleaser.close();
                            plane.close();
                            routerTimers.close();
                            bus.close();
                            discovery.close();
                        },
                        "sluice-frontend-shutdown"));
        System.out.println(
                "Sluice frontend at " + http.url(frontend.port()) + " (etcd " + etcd + ", nats " + nats + ")");
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
