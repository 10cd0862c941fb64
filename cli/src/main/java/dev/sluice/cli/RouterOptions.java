package dev.sluice.cli;

import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.llm.RouterSettings;
import dev.sluice.llm.TierPolicy;
import picocli.CommandLine.Option;

/** The frontend's routing flags, shared by {@code serve} and {@code frontend}. */
final class RouterOptions {
    @Option(
            names = "--router",
            defaultValue = "kv",
            description =
                    "Worker choice within a tier: kv (KV-cache overlap and load), round-robin or random (default: ${DEFAULT-VALUE}).")
    String router;

    @Option(
            names = "--kv-overlap-score-weight",
            defaultValue = "1.0",
            description =
                    "KV router: weight of prefill work against decode load in a worker's cost (default: ${DEFAULT-VALUE}).")
    double kvOverlapScoreWeight;

    @Option(
            names = "--router-temperature",
            defaultValue = "0.0",
            description =
                    "KV router: 0 picks the cheapest worker; above 0 samples with softmax over normalised costs (default: ${DEFAULT-VALUE}).")
    double routerTemperature;

    @Option(
            names = "--router-replica-sync",
            description =
                    "KV router: share placements with other frontends' routers over the event bus, so every replica sees the same load.")
    boolean routerReplicaSync;

    @Option(
            names = "--no-kv-events",
            description =
                    "KV router: ignore workers' KV events and predict their caches from routing decisions, with a TTL.")
    boolean noKvEvents;

    @Option(
            names = "--tier-policy",
            defaultValue = "fit-predicted",
            description =
                    "How a tier is chosen: fit-total (smallest holding prompt + max_tokens, or the whole context when"
                            + " max_tokens is absent), fit-prompt (smallest holding the prompt) or fit-predicted (smallest"
                            + " holding prompt + a high quantile of the output lengths seen for prompts of its length class,"
                            + " learned online, capped by max_tokens) (default: ${DEFAULT-VALUE}).")
    String tierPolicy;

    @Option(
            names = "--migration-limit",
            defaultValue = "3",
            description =
                    "How often a sequence whose worker fails is re-issued to another worker (default: ${DEFAULT-VALUE}).")
    int migrationLimit;

    RouterSettings settings(int blockSize, long seed) {
        KvRouterConfig kv = KvRouterConfig.defaults(blockSize)
                .withWeights(kvOverlapScoreWeight, routerTemperature)
                .withKvEvents(!noKvEvents);
        return new RouterSettings(
                router, kv, TierPolicy.Kind.named(tierPolicy), migrationLimit, seed, routerReplicaSync);
    }
}
