package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice serve}: the frontend and tiers of simulated workers in one JVM, no external services. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve a model over an OpenAI-compatible HTTP API with simulated (mocker) workers in this process.",
            "Prints the URL once ready; GET /health answers 200 from then on."
        },
        sortOptions = false)
final class ServeCommand implements Callable<Integer> {
    @Mixin
    HttpOptions http = new HttpOptions();

    @Mixin
    ApiKeyOptions apiKeys = new ApiKeyOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(
            names = "--tier",
            paramLabel = "SEQLEN=WORKERS",
            description =
                    "A decode tier: WORKERS simulated workers holding up to SEQLEN tokens each. Repeatable; the largest SEQLEN is the deployment's max-seqlen (default: one tier of the context length with 2 workers).")
    List<String> tiers = new ArrayList<>();

    @Mixin
    RouterOptions routing = new RouterOptions();

    @Option(
            names = "--prefill-workers",
            defaultValue = "0",
            description =
                    "Simulated prefill workers: prompts are prefilled there and their KV handed to a decode worker (default: ${DEFAULT-VALUE}, aggregated serving).")
    int prefillWorkers;

    @Option(
            names = "--prefill-threshold",
            defaultValue = "0",
            description = "Prompts shorter than this many tokens skip the prefill workers (default: ${DEFAULT-VALUE}).")
    int prefillThreshold;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the simulated output tokens and random routing (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    MockerOptions mocker = new MockerOptions();

    @Override
    public Integer call() throws Exception {
        EmbeddedDeployment deployment = EmbeddedDeployment.start(this);
        Runtime.getRuntime().addShutdownHook(new Thread(deployment::close, "sluice-shutdown"));
        System.out.println("Sluice serving " + deployment.modelName() + " at " + http.url(deployment.port()) + " ("
                + deployment.describe() + ")");
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
