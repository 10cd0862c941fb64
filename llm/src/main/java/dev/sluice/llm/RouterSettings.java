package dev.sluice.llm;

/**
 * How a frontend routes: the worker selection mode ({@code round-robin}, {@code random}), the tier policy,
 * how often a broken stream may be re-issued, and the seed of random choices.
 */
public record RouterSettings(String mode, TierPolicy tierPolicy, int migrationLimit, long seed) {
    public RouterSettings {
        if (!mode.equals("round-robin") && !mode.equals("random")) {
            throw new IllegalArgumentException("router mode '" + mode + "' is not one of round-robin, random");
        }
        if (migrationLimit < 0) {
            throw new IllegalArgumentException("migration limit " + migrationLimit + " is negative");
        }
    }

    public static RouterSettings defaults() {
        return new RouterSettings("round-robin", TierPolicy.FIT_TOTAL, 3, 0);
    }
}
