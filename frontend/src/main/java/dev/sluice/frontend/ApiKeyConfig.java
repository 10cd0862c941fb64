package dev.sluice.frontend;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who may call the frontend: API keys given directly and/or in a file of one key per line (re-read when it changes),
 * whether {@code /metrics} needs a key too, and an optional limit per key. No key and no file means the server is
 * open, as it was before keys existed. {@link #toString()} never shows a key.
 */
public record ApiKeyConfig(
        List<String> keys, Optional<Path> keysFile, boolean metricsRequireKey, List<KeyRateLimit> rateLimits) {

    public ApiKeyConfig {
        keys = List.copyOf(keys);
        rateLimits = List.copyOf(rateLimits);
        for (int i = 0; i < keys.size(); i++) {
            if (!KeyRing.wellFormed(keys.get(i))) {
                throw new IllegalArgumentException("--api-key number " + (i + 1)
                        + " is empty or holds a character other than printable ASCII (no spaces)");
            }
        }
        if (metricsRequireKey && keys.isEmpty() && keysFile.isEmpty()) {
            throw new IllegalArgumentException("--metrics-require-key needs --api-key or --api-keys-file");
        }
        if (!rateLimits.isEmpty() && keys.isEmpty() && keysFile.isEmpty()) {
            throw new IllegalArgumentException("--key-rate-limit needs --api-key or --api-keys-file");
        }
        if (rateLimits.stream().map(KeyRateLimit::unit).distinct().count() < rateLimits.size()) {
            throw new IllegalArgumentException("--key-rate-limit gives the same unit twice");
        }
    }

    /** No keys: every endpoint is open. */
    public static ApiKeyConfig open() {
        return new ApiKeyConfig(List.of(), Optional.empty(), false, List.of());
    }

    /** Whether requests to {@code /v1} need a key. */
    public boolean enabled() {
        return !keys.isEmpty() || keysFile.isPresent();
    }

    @Override
    public String toString() {
        return "ApiKeyConfig[keys=" + keys.size() + " given, keysFile=" + keysFile + ", metricsRequireKey="
                + metricsRequireKey + ", rateLimits=" + rateLimits + "]";
    }
}
