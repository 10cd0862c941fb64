package dev.sluice.llm;

import dev.sluice.kvrouter.KvRouterConfig;
import java.util.Objects;

/**
 * How a frontend routes: the worker selection mode ({@code kv}, {@code round-robin}, {@code random}), the KV router's
 * settings (its block size is replaced by the tier's), the tier policy, how often a broken stream may be re-issued,
 * the seed of random choices, whether KV routers share their placements with replicas over the event bus, and each
 * decode tier's admission on committed KV.
 */
public record RouterSettings(
        String mode,
        KvRouterConfig kv,
        TierPolicy.Kind tierPolicy,
        int migrationLimit,
        long seed,
        boolean replicaSync,
        AdmissionSettings admission) {
    public RouterSettings {
        if (!mode.equals("kv") && !mode.equals("round-robin") && !mode.equals("random")) {
            throw new IllegalArgumentException("router mode '" + mode + "' is not one of kv, round-robin, random");
        }
        Objects.requireNonNull(admission, "admission");
        if (migrationLimit < 0) {
            throw new IllegalArgumentException("migration limit " + migrationLimit + " is negative");
        }
    }

    /** Settings without admission control. */
    public RouterSettings(
            String mode,
            KvRouterConfig kv,
            TierPolicy.Kind tierPolicy,
            int migrationLimit,
            long seed,
            boolean replicaSync) {
        this(mode, kv, tierPolicy, migrationLimit, seed, replicaSync, AdmissionSettings.OFF);
    }

    public static RouterSettings defaults() {
        return new RouterSettings("round-robin", KvRouterConfig.defaults(64), TierPolicy.Kind.FIT_TOTAL, 3, 0, false);
    }

    public RouterSettings withAdmission(AdmissionSettings next) {
        return new RouterSettings(mode, kv, tierPolicy, migrationLimit, seed, replicaSync, next);
    }
}
