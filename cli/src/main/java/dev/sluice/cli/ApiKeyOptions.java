package dev.sluice.cli;

import dev.sluice.frontend.ApiKeyConfig;
import dev.sluice.frontend.KeyRateLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Who may call the HTTP frontend: API keys and per-key limits, shared by {@code serve} and {@code frontend}. */
final class ApiKeyOptions {
    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "A key clients must send as 'Authorization: Bearer KEY' to use /v1. Repeatable. Prefer"
                    + " --api-keys-file: a key on the command line is visible to other users of the host.")
    List<String> keys = new ArrayList<>();

    @Option(
            names = "--api-keys-file",
            paramLabel = "FILE",
            description = "A file of keys, one per line ('#' starts a comment); read again within a second of a"
                    + " change, so keys are added and revoked without a restart.")
    Optional<Path> keysFile = Optional.empty();

    @Option(
            names = "--metrics-require-key",
            description = "GET /metrics needs a key too (default: open, like /health and /live).")
    boolean metricsRequireKey;

    @Option(
            names = "--key-rate-limit",
            paramLabel = "LIMIT",
            description = "What each key may use: Nrpm (requests per minute) or Ntpm (prompt and generated tokens"
                    + " per minute); past it a 429 with Retry-After. Give both to limit both.")
    List<String> rateLimits = new ArrayList<>();

    ApiKeyConfig config() {
        keysFile.ifPresent(f -> {
            if (!Files.isReadable(f)) {
                throw new IllegalArgumentException(
                        "--api-keys-file " + f + (Files.exists(f) ? " cannot be read" : " does not exist"));
            }
        });
        return new ApiKeyConfig(
                keys,
                keysFile,
                metricsRequireKey,
                rateLimits.stream().map(KeyRateLimit::parse).toList());
    }
}
