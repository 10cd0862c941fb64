package dev.sluice.cli;

import dev.sluice.frontend.FrontendConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
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
    @Option(names = "--http-host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "8000", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--model-path", description = "Hugging Face model directory (tokenizer.json, tokenizer_config.json). bin/sluice fetches a default (Qwen3) when omitted.")
    Optional<Path> modelPath;

    @Option(names = "--model-name", description = "Name clients use in 'model' (default: from the model directory).")
    Optional<String> modelName;

    @Option(names = "--context-length", description = "The model's context length (default: from the model directory).")
    Optional<Integer> contextLength;

    @Option(names = "--tier", paramLabel = "SEQLEN=WORKERS", description = "A decode tier: WORKERS simulated workers holding up to SEQLEN tokens each. Repeatable; the largest SEQLEN is the deployment's max-seqlen (default: one tier of the context length with 2 workers).")
    List<String> tiers = new ArrayList<>();

    @Option(names = "--tier-policy", defaultValue = "fit-total", description = "How a tier is chosen: fit-total (smallest holding prompt + max_tokens) or fit-prompt (smallest holding the prompt) (default: ${DEFAULT-VALUE}).")
    String tierPolicy;

    @Option(names = "--router", defaultValue = "kv", description = "Worker choice within a tier: kv (KV-cache overlap and load), round-robin or random (default: ${DEFAULT-VALUE}).")
    String router;

    @Option(names = "--kv-overlap-score-weight", defaultValue = "1.0", description = "KV router: weight of prefill work against decode load in a worker's cost (default: ${DEFAULT-VALUE}).")
    double kvOverlapScoreWeight;

    @Option(names = "--router-temperature", defaultValue = "0.0", description = "KV router: 0 picks the cheapest worker; above 0 samples with softmax over normalised costs (default: ${DEFAULT-VALUE}).")
    double routerTemperature;

    @Option(names = "--router-replica-sync", description = "KV router: share placements with other frontends' routers over the event bus, so every replica sees the same load.")
    boolean routerReplicaSync;

    @Option(names = "--no-kv-events", description = "KV router: ignore workers' KV events and predict their caches from routing decisions, with a TTL.")
    boolean noKvEvents;

    @Option(names = "--migration-limit", defaultValue = "3", description = "How often a sequence whose worker fails is re-issued to another worker (default: ${DEFAULT-VALUE}).")
    int migrationLimit;

    @Option(names = "--speedup-ratio", defaultValue = "1.0", description = "Simulated workers run this many times faster than the timing model says (default: ${DEFAULT-VALUE}).")
    double speedupRatio;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the simulated output tokens and random routing (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--num-gpu-blocks", defaultValue = "16384", description = "KV cache blocks per simulated worker (default: ${DEFAULT-VALUE}).")
    int numGpuBlocks;

    @Option(names = "--block-size", defaultValue = "64", description = "Tokens per KV cache block (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = "--max-num-seqs", defaultValue = "256", description = "Sequences a simulated worker runs at once (default: ${DEFAULT-VALUE}).")
    int maxNumSeqs;

    @Option(names = "--max-num-batched-tokens", defaultValue = "8192", description = "Token budget of one simulated step (default: ${DEFAULT-VALUE}).")
    int maxNumBatchedTokens;

    @Option(names = "--timing-profile", description = "JSON file of the simulated workers' timing coefficients (p0..p3, d0..d4, dmin); see README.")
    Optional<Path> timingProfile;

    @Option(names = "--max-body-bytes", defaultValue = "" + FrontendConfig.DEFAULT_MAX_BODY_BYTES, description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-in-flight", defaultValue = "" + FrontendConfig.DEFAULT_MAX_IN_FLIGHT, description = "Requests served at once; more get 429 (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Override
    public Integer call() throws Exception {
        EmbeddedDeployment deployment = EmbeddedDeployment.start(this);
        Runtime.getRuntime().addShutdownHook(new Thread(deployment::close, "sluice-shutdown"));
        System.out.println("Sluice serving " + deployment.modelName() + " at http://"
                + (httpHost.equals("0.0.0.0") ? "127.0.0.1" : httpHost) + ":" + deployment.port() + " ("
                + deployment.describe() + ")");
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
