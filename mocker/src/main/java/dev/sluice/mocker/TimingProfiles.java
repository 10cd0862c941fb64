package dev.sluice.mocker;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named GPU profiles of {@code --timing-profile}. Datasheet figures (verify before relying on them):
 *
 * <ul>
 *   <li>H100 SXM5 80 GB: 80 GB HBM3 at 3.35 TB/s, 989 TFLOP/s dense BF16 (NVIDIA H100 Tensor Core GPU datasheet);
 *   <li>A100 SXM 80 GB: 80 GB HBM2e at 2.039 TB/s, 312 TFLOP/s dense BF16 (NVIDIA A100 datasheet);
 *   <li>Llama-3.1-8B: 8.03 B parameters, 32 layers, hidden 4096, 8 KV heads of 128 (its config.json);
 *   <li>Llama-3.1-70B: 70.6 B parameters, 80 layers, hidden 8192, 8 KV heads of 128;
 *   <li>Qwen3-8B: 8.19 B parameters, 36 layers, hidden 4096, 8 KV heads of 128.
 * </ul>
 *
 * The efficiencies, overhead, memory share and links are assumptions ({@link RooflineTiming.Assumptions#DEFAULT}).
 */
public final class TimingProfiles {
    private TimingProfiles() {}

    static final RooflineTiming.Gpu H100 =
            new RooflineTiming.Gpu("H100-SXM-80GB", 80e9, 3.35e12, 989e12, "NVIDIA H100 datasheet (SXM5)");
    static final RooflineTiming.Gpu A100 =
            new RooflineTiming.Gpu("A100-SXM-80GB", 80e9, 2.039e12, 312e12, "NVIDIA A100 datasheet (80 GB SXM)");
    static final RooflineTiming.ModelShape LLAMA_8B =
            new RooflineTiming.ModelShape("Llama-3.1-8B", 8.03e9, 32, 4096, 8, 128, "meta-llama config.json");
    static final RooflineTiming.ModelShape LLAMA_70B =
            new RooflineTiming.ModelShape("Llama-3.1-70B", 70.6e9, 80, 8192, 8, 128, "meta-llama config.json");
    static final RooflineTiming.ModelShape QWEN3_8B =
            new RooflineTiming.ModelShape("Qwen3-8B", 8.19e9, 36, 4096, 8, 128, "Qwen config.json");

    private static final Map<String, TimingModel> PROFILES = Map.of(
            "dynamo-default", FittedTiming.DYNAMO,
            "h100-llama3.1-8b", roofline("h100-llama3.1-8b", H100, 1, LLAMA_8B),
            "h100x4-llama3.1-70b", roofline("h100x4-llama3.1-70b", H100, 4, LLAMA_70B),
            "a100-qwen3-8b", roofline("a100-qwen3-8b", A100, 1, QWEN3_8B));

    /** The profile names as one line, for help texts. */
    public static final String LIST = "dynamo-default, h100-llama3.1-8b, h100x4-llama3.1-70b, a100-qwen3-8b";

    /** The profile names, for help texts and errors. */
    public static final List<String> NAMES =
            List.of("dynamo-default", "h100-llama3.1-8b", "h100x4-llama3.1-70b", "a100-qwen3-8b");

    private static RooflineTiming roofline(
            String name, RooflineTiming.Gpu gpu, int gpus, RooflineTiming.ModelShape model) {
        return new RooflineTiming(name, gpu, gpus, model, RooflineTiming.Assumptions.DEFAULT);
    }

    public static Optional<TimingModel> named(String name) {
        return Optional.ofNullable(PROFILES.get(name));
    }
}
