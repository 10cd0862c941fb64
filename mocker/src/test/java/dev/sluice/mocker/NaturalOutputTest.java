package dev.sluice.mocker;

import static dev.sluice.mocker.MockerCoreTest.add;
import static dev.sluice.mocker.MockerCoreTest.prompt;
import static dev.sluice.mocker.MockerCoreTest.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.runtime.Channel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Simulated workers end sequences with EOS at a natural length, unless ignore_eos or min_tokens say otherwise. */
class NaturalOutputTest {
    static MockerCore core(double mean) {
        return new MockerCore(
                MockerCoreTest.config(100_000, 8192, 16, 512, 65536).withNaturalOutput(mean));
    }

    @Test
    void naturalLengthsAverageTheConfiguredMeanAndEndWithTheEosToken() {
        MockerCore core = core(200);
        List<MockerCoreTest.Run> runs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Channel<EngineOutput> out = new Channel<>(5000, () -> {});
            StopConditions stop = new StopConditions(4000, 0, List.of(), List.of(7), false);
            Sequence s = new Sequence(10_000 + i, PreprocessedRequest.of("m", prompt(8, i), stop), out, i);
            core.add(s);
            runs.add(new MockerCoreTest.Run(s, out));
        }
        runToEnd(core);
        double total = 0;
        for (MockerCoreTest.Run r : runs) {
            List<EngineOutput> outs = r.outputs();
            EngineOutput last = outs.getLast();
            assertThat(last.finishReason()).contains(FinishReason.EOS);
            assertThat(last.tokenIds()).containsExactly(7);
            total += outs.size();
        }
        assertThat(total / runs.size()).isBetween(170.0, 230.0);
    }

    @Test
    void ignoreEosAndMinTokensKeepTheSequenceGoing() {
        MockerCore core = core(5);
        MockerCoreTest.Run ignoring = add(core, prompt(8, 1), 300);
        Channel<EngineOutput> out = new Channel<>(500, () -> {});
        Sequence atLeast = new Sequence(
                77,
                PreprocessedRequest.of("m", prompt(8, 2), new StopConditions(300, 120, List.of(), List.of(), false)),
                out,
                3);
        core.add(atLeast);
        runToEnd(core);
        // add() sends ignore_eos false and no min_tokens: with a mean of 5 it stops early...
        assertThat(ignoring.outputs().size()).isLessThan(300);
        List<EngineOutput> held = new MockerCoreTest.Run(atLeast, out).outputs();
        assertThat(held.size()).isGreaterThanOrEqualTo(120);
        MockerCore never = core(5);
        Channel<EngineOutput> o2 = new Channel<>(500, () -> {});
        never.add(new Sequence(
                78,
                PreprocessedRequest.of("m", prompt(8, 3), new StopConditions(300, 0, List.of(), List.of(), true)),
                o2,
                4));
        runToEnd(never);
        List<EngineOutput> all = new MockerCoreTest.Run(null, o2).outputs();
        assertThat(all).hasSize(300);
        assertThat(all.getLast().finishReason()).contains(FinishReason.LENGTH);
    }
}
