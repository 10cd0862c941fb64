package dev.sluice.protocol;

import java.util.OptionalLong;

/** Sampling parameters as the client asked; engines that cannot honour one ignore it. */
public record SamplingOptions(
        double temperature,
        double topP,
        int topK,
        OptionalLong seed,
        int n,
        double presencePenalty,
        double frequencyPenalty) {
    public static final SamplingOptions DEFAULT = new SamplingOptions(1.0, 1.0, -1, OptionalLong.empty(), 1, 0, 0);

    public SamplingOptions {
        if (temperature < 0 || temperature > 2) {
            throw new IllegalArgumentException("temperature " + temperature + " is outside [0, 2]");
        }
        if (topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("top_p " + topP + " is outside (0, 1]");
        }
        if (n < 1) {
            throw new IllegalArgumentException("n " + n + " is below 1");
        }
    }
}
