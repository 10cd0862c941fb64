package dev.sluice.llm;

import dev.sluice.kvrouter.KvRouterConfig;

/**
 * How a frontend routes: the worker selection mode ({@code kv}, {@code round-robin}, {@code random}), the KV router's
 * settings (its block size is replaced by the tier's), the tier policy, how often a broken stream may be re-issued,
 * the seed of random choices, and whether KV routers share their placements with replicas over the event bus.
 */
public record RouterSettings(
        String mode,
        KvRouterConfig kv,
        TierPolicy.Kind tierPolicy,
        int migrationLimit,
        long seed,
        boolean replicaSync) {
    public RouterSettings {
        if (!mode.equals("kv") && !mode.equals("round-robin") && !mode.equals("random")) {
            throw new IllegalArgumentException("router mode '" + mode + "' is not one of kv, round-robin, random");
        }
        if (migrationLimit < 0) {
            throw new IllegalArgumentException("migration limit " + migrationLimit + " is negative");
        }
    }

    public static RouterSettings defaults() {
        return new RouterSettings("round-robin", KvRouterConfig.defaults(64), TierPolicy.Kind.FIT_TOTAL, 3, 0, false);
    }
}
