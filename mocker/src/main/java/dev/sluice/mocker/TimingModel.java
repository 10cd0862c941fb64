package dev.sluice.mocker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How long one simulated step takes on the modelled GPU, in milliseconds, before {@code speedup_ratio} divides it,
 * and how fast KV moves between workers. Two kinds: {@link FittedTiming}, polynomial coefficients fitted to a measured
 * worker (Dynamo's, by default), and {@link RooflineTiming}, computed from a GPU's datasheet and a model's shape.
 * Named profiles are listed by {@link TimingProfiles}.
 */
public sealed interface TimingModel permits FittedTiming, RooflineTiming {
    /** Dynamo's mocker coefficients; see {@link FittedTiming#DYNAMO}. */
    TimingModel DEFAULT = FittedTiming.DYNAMO;

    /** The profile's name, as {@code --timing-profile} takes it (or the file it was read from). */
    String name();

    /** The simulated duration of a step doing {@code work}; 0 for an empty step. */
    double stepMillis(StepWork work);

    /** KV cache bytes per token of the modelled model. */
    double kvBytesPerToken();

    /** Time to receive {@code tokens} tokens of KV cache from another worker instead of computing them. */
    double transferMillis(long tokens);

    /** KV tokens the modelled GPU holds, when the profile knows its memory; empty for fitted profiles. */
    OptionalLong kvCapacityTokens();

    /** A one-line summary for logs and reports. */
    String describe();

    /** A named profile ({@link TimingProfiles#NAMES}) or a JSON profile file. */
    static TimingModel resolve(String nameOrFile) {
        return TimingProfiles.named(nameOrFile).orElseGet(() -> {
            Path file = Path.of(nameOrFile);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("timing profile '" + nameOrFile + "' is neither a known profile ("
                        + String.join(", ", TimingProfiles.NAMES) + ") nor a file");
            }
            return load(file);
        });
    }

    /** Reads a profile file: a JSON object of fitted coefficients (see {@link FittedTiming#fromJson}). */
    static TimingModel load(Path file) {
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("timing profile " + file + " must be a JSON object");
            }
            return FittedTiming.fromJson(n, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read timing profile " + file + ": " + e.getMessage(), e);
        }
    }
}
