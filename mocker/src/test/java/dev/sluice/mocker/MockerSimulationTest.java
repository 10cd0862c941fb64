package dev.sluice.mocker;

import static dev.sluice.mocker.MockerCoreTest.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.runtime.Channel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whole-workload simulations on the simulated clock: the shapes a real vLLM worker shows. */
@Timeout(30)
class MockerSimulationTest {
    private static double outputTokensPerSecond(int concurrency, int maxNumSeqs) {
        MockerCore core = new MockerCore(MockerConfig.defaults(1, 100_000, MockerCoreTest.VOCAB)
                .withBlocks(16384, 16)
                .withBatching(maxNumSeqs, 8192));
        for (int i = 0; i < concurrency; i++) {
            core.add(new Sequence(
                    i,
                    PreprocessedRequest.of("m", MockerCoreTest.prompt(100, i * 1000), StopConditions.maxTokens(200)),
                    new Channel<EngineOutput>(256, () -> {}),
                    i));
        }
        double millis = 0;
        while (!core.idle()) {
            millis += step(core);
        }
        return concurrency * 200 / (millis / 1000);
    }

    @Test
    void throughputRisesWithConcurrencyAndFlattensAtMaxNumSeqs() {
        Map<Integer, Double> tps = new LinkedHashMap<>();
        for (int c : new int[] {1, 2, 4, 8, 16, 32}) {
            tps.put(c, outputTokensPerSecond(c, 8));
        }
        assertThat(tps.get(2)).isGreaterThan(1.8 * tps.get(1));
        assertThat(tps.get(4)).isGreaterThan(1.8 * tps.get(2));
        assertThat(tps.get(8)).isGreaterThan(1.8 * tps.get(4));
        assertThat(tps.get(16)).isBetween(0.9 * tps.get(8), 1.1 * tps.get(8));
        assertThat(tps.get(32)).isBetween(0.9 * tps.get(8), 1.1 * tps.get(8));
    }

    @Test
    void aRepeated8kPromptReachesItsFirstTokenFarSoonerThanAFreshOne() {
        MockerCore core = new MockerCore(
                MockerConfig.defaults(1, 100_000, MockerCoreTest.VOCAB).withBlocks(4096, 16));
        double fresh = firstTokenMillis(core, MockerCoreTest.prompt(8192, 1));
        double repeated = firstTokenMillis(core, MockerCoreTest.prompt(8192, 1));
        assertThat(repeated).isLessThan(fresh / 5);
    }

    private static double firstTokenMillis(MockerCore core, int[] prompt) {
        Channel<EngineOutput> out = new Channel<>(16, () -> {});
        core.add(new Sequence(prompt.length, PreprocessedRequest.of("m", prompt, StopConditions.maxTokens(1)), out, 1));
        double millis = 0;
        while (!core.idle()) {
            millis += step(core);
        }
        return millis;
    }

    @Test
    void aTimingProfileOverridesCoefficientsAndRejectsUnknownKeys(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("profile.json");
        Files.writeString(file, "{\"p0\": 1, \"p1\": 0, \"p2\": 0, \"d4\": 2.0}");
        TimingModel t = TimingModel.load(file);
        assertThat(t.stepMillis(StepWork.prefill(1000, 0))).isEqualTo(1.0);
        assertThat(t.stepMillis(StepWork.decode(1, 10_000, 0))).isEqualTo(5.74 + 20.0);
        Files.writeString(file, "{\"p9\": 1}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimingModel.load(file))
                .hasMessageContaining("unknown key 'p9'");
    }

    @Test
    void aDecodeWorkerGivenAPrefillWorkersKvPaysTheTransferNotThePrefill() {
        MockerCore prefill = new MockerCore(
                MockerConfig.defaults(1, 100_000, MockerCoreTest.VOCAB).withBlocks(4096, 16));
        double fresh = firstTokenMillis(prefill, MockerCoreTest.prompt(8192, 1));
        MockerCore decode = new MockerCore(
                MockerConfig.defaults(2, 100_000, MockerCoreTest.VOCAB).withBlocks(4096, 16));
        Channel<EngineOutput> out = new Channel<>(16, () -> {});
        decode.add(new Sequence(
                1,
                PreprocessedRequest.of("m", MockerCoreTest.prompt(8192, 1), StopConditions.maxTokens(1))
                        .withDisaggregatedParams(Map.of("kv_transfer_tokens", 8192)),
                out,
                1));
        double transferred = 0;
        while (!decode.idle()) {
            transferred += step(decode);
        }
        double transferCost = TimingModel.DEFAULT.transferMillis(8191);
        assertThat(transferred).isGreaterThanOrEqualTo(transferCost).isLessThan(fresh / 2);
        EngineOutput first = out.next().orElseThrow();
        assertThat(first.disaggregatedParams()).containsEntry("kv_transfer_tokens", 8192);
        assertThat(first.cachedTokens())
                .as("transferred KV is not a prefix-cache hit")
                .isZero();
    }

    @Test
    void theCacheHitRateCountsPromptTokensFoundInTheCache() {
        MockerCore core = new MockerCore(
                MockerConfig.defaults(1, 100_000, MockerCoreTest.VOCAB).withBlocks(4096, 16));
        firstTokenMillis(core, MockerCoreTest.prompt(1600, 1));
        firstTokenMillis(core, MockerCoreTest.prompt(1600, 1));
        assertThat(core.cacheHitRate()).isEqualTo(1600.0 / 3200); // every block of the repeat was found
    }
}
