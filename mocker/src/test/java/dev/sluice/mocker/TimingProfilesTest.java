package dev.sluice.mocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * Each named profile against a computation by hand from the datasheet figures and model shapes (README, "GPU
 * profiles"), with the stated assumptions: 45% of peak FLOP/s, 85% of HBM bandwidth, 1 ms per step, 90% of HBM for
 * weights and KV, 50 GB/s between workers.
 */
class TimingProfilesTest {
    static final Percentage EXACT = Percentage.withPercentage(0.01);

    static TimingModel profile(String name) {
        return TimingProfiles.named(name).orElseThrow();
    }

    @Test
    void h100WithLlama8bDecodesAtTheSpeedOfReadingItsWeightsAndKv() {
        TimingModel p = profile("h100-llama3.1-8b");
        // KV per token: 2 (K, V) x 32 layers x 8 heads x 128 x 2 bytes = 131,072 B.
        assertThat(p.kvBytesPerToken()).isEqualTo(131_072);
        // One sequence at 1,000 tokens: (16.06 GB weights + 1,000 x 131,072 B) / (3.35 TB/s x 0.85) + 1 ms.
        double bytes = 8.03e9 * 2 + 1000 * 131_072.0;
        assertThat(p.stepMillis(StepWork.decode(1, 1000, 0))).isCloseTo(bytes / (3.35e12 * 0.85) * 1e3 + 1, EXACT);
        assertThat(p.stepMillis(StepWork.decode(1, 1000, 0))).isCloseTo(6.686, Percentage.withPercentage(0.1));
        // A 100k-token batch-mate costs every short sequence its KV: 13.1 GB more to read per step.
        double mixed = p.stepMillis(StepWork.decode(2, 101_000, 0));
        assertThat(mixed - p.stepMillis(StepWork.decode(1, 1000, 0))).isCloseTo(4.603, Percentage.withPercentage(0.1));
        // KV room: (80 GB - 16.06 GB) x 0.9 / 131,072 B.
        assertThat(p.kvCapacityTokens()).hasValue(439_041);
        // 1,000 tokens of KV over 50 GB/s.
        assertThat(p.transferMillis(1000)).isCloseTo(1000 * 131_072.0 / 50e9 * 1e3, EXACT);
    }

    @Test
    void prefillIsComputeBoundAndGrowsWithContextThroughAttention() {
        TimingModel p = profile("h100-llama3.1-8b");
        // 8,192 new tokens at context 0: 2 x 8.03e9 x 8192 + 4 x 32 x 4096 x (8192^2 / 2) FLOPs at 0.45 x 989 TFLOP/s.
        double flops = 2 * 8.03e9 * 8192 + 4.0 * 32 * 4096 * (8192.0 * 8192 / 2);
        double expected = flops / (989e12 * 0.45) * 1e3 + 1;
        assertThat(p.stepMillis(StepWork.prefill(8192, 0))).isCloseTo(expected, EXACT);
        assertThat(expected).isCloseTo(336.14, Percentage.withPercentage(0.1));
        // The same chunk after 100k tokens of context costs 4 x 32 x 4096 x 8192 x 100,000 FLOPs more.
        double late = p.stepMillis(StepWork.prefill(8192, 100_000));
        assertThat(late - p.stepMillis(StepWork.prefill(8192, 0)))
                .isCloseTo(4.0 * 32 * 4096 * 8192 * 100_000 / (989e12 * 0.45) * 1e3, Percentage.withPercentage(1));
    }

    @Test
    void fourH100sWithLlama70bSplitWeightsAndPayForTheirAllReduces() {
        TimingModel p = profile("h100x4-llama3.1-70b");
        assertThat(p.kvBytesPerToken()).isEqualTo(327_680); // 2 x 80 x 8 x 128 x 2
        // One sequence at 1,000 tokens: (141.2 GB + 0.33 GB) / (4 x 3.35 TB/s x 0.85), plus 2 all-reduces per layer
        // of (8 us + 1 token x 8192 x 2 B x 2 x 3/4 / 450 GB/s), plus 1 ms.
        double memory = (70.6e9 * 2 + 1000 * 327_680.0) / (4 * 3.35e12 * 0.85) * 1e3;
        double comm = 80 * 2 * (8e-6 + 8192 * 2.0 * 2 * 3 / 4 / 450e9) * 1e3;
        assertThat(p.stepMillis(StepWork.decode(1, 1000, 0))).isCloseTo(memory + comm + 1, EXACT);
        // (4 x 80 GB - 141.2 GB) x 0.9 / 327,680 B.
        assertThat(p.kvCapacityTokens()).hasValue(491_088);
    }

    @Test
    void a100WithQwen3ReadsMoreSlowlyThanAnH100() {
        TimingModel p = profile("a100-qwen3-8b");
        assertThat(p.kvBytesPerToken()).isEqualTo(147_456); // 2 x 36 x 8 x 128 x 2
        double bytes = 8.19e9 * 2 + 1000 * 147_456.0;
        assertThat(p.stepMillis(StepWork.decode(1, 1000, 0))).isCloseTo(bytes / (2.039e12 * 0.85) * 1e3 + 1, EXACT);
        // (80 GB - 16.38 GB) x 0.9 / 147,456 B.
        assertThat(p.kvCapacityTokens()).hasValue(388_305);
        assertThat(p.stepMillis(StepWork.decode(1, 1000, 0)))
                .isGreaterThan(profile("h100-llama3.1-8b").stepMillis(StepWork.decode(1, 1000, 0)) * 1.5);
    }

    @Test
    void dynamoDefaultKeepsTheFittedCoefficients() {
        TimingModel p = profile("dynamo-default");
        assertThat(p.stepMillis(StepWork.prefill(1000, 0))).isCloseTo(16.50142 + 15.18344 + 0.4209989, EXACT);
        // Decode depends only on KV usage p: max(1, 5.74 + 54.01 p - 25.74 p^2).
        assertThat(p.stepMillis(StepWork.decode(3, 90_000, 0.5))).isCloseTo(5.74 + 27.005 - 6.435, EXACT);
        assertThat(p.kvCapacityTokens()).isEmpty();
    }

    @Test
    void profilesAreFoundByNameOrFileAndUnknownOnesAreNamed() {
        assertThat(TimingModel.resolve("a100-qwen3-8b").name()).isEqualTo("a100-qwen3-8b");
        assertThatThrownBy(() -> TimingModel.resolve("h200-llama"))
                .hasMessageContaining("'h200-llama' is neither a known profile")
                .hasMessageContaining("h100-llama3.1-8b");
        assertThat(TimingProfiles.NAMES)
                .allSatisfy(n -> assertThat(TimingProfiles.named(n)).isPresent());
        assertThat(String.join(", ", TimingProfiles.NAMES)).isEqualTo(TimingProfiles.LIST);
    }

    @Test
    void aWorkerIsSizedByItsProfileUnlessToldAndRefusedWhenItsTierDoesNotFit() {
        TimingModel h100 = profile("h100-llama3.1-8b");
        assertThat(WorkerSizing.blocks(h100, java.util.Optional.empty(), 16, 131_072))
                .isEqualTo(439_041 / 16);
        assertThat(WorkerSizing.blocks(h100, java.util.Optional.of(100), 16, 1600))
                .isEqualTo(100);
        assertThat(WorkerSizing.blocks(profile("dynamo-default"), java.util.Optional.empty(), 64, 1000))
                .isEqualTo(16_384);
        assertThatThrownBy(() -> WorkerSizing.blocks(h100, java.util.Optional.empty(), 16, 600_000))
                .hasMessageContaining("a sequence of 600000 tokens (this-seqlen) does not fit")
                .hasMessageContaining("h100-llama3.1-8b");
    }
}
