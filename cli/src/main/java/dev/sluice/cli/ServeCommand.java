package dev.sluice.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

    @Mixin
    DeploymentOptions deployment = new DeploymentOptions();

    @Mixin
    SpeedupOption speedup = new SpeedupOption();

    @Override
    public Integer call() throws Exception {
        EmbeddedDeployment running = EmbeddedDeployment.start(this);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "sluice-shutdown"));
        System.out.println("Sluice serving " + running.modelName() + " at " + http.url(running.port()) + " ("
                + running.describe() + ")");
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
