package dev.sluice.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bench.RequestResult;
import dev.sluice.bench.TraceRequest;
import dev.sluice.bench.Traces;
import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.llm.AdmissionSettings;
import dev.sluice.llm.RouterSettings;
import dev.sluice.llm.TierPolicy;
import dev.sluice.mocker.StepWork;
import dev.sluice.mocker.TimingModel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The production routing stack and workers on the virtual clock, checked against what the timing model says. */
@Timeout(60)
class SimulationTest {
    static final TimingModel H100 = TimingModel.resolve("h100-llama3.1-8b");

    static RouterSettings router(String mode, TierPolicy.Kind policy) {
        return new RouterSettings(mode, KvRouterConfig.defaults(16), policy, 3, 7, false);
    }

    static Deployment deployment(String mode, List<SimTier> tiers) {
        return new Deployment(
                mode,
                tiers,
                0,
                H100,
                0,
                router(mode, TierPolicy.Kind.FIT_TOTAL),
                16,
                Optional.empty(),
                256,
                8192,
                0,
                7);
    }

    static Simulation.SimOptions options() {
        return new Simulation.SimOptions(1.0, 1_000_000_000L, 1000, 100_000, false, Simulation.SILENT);
    }

    static TraceRequest request(long atMillis, int input, int output, long... blocks) {
        return new TraceRequest(atMillis, input, output, blocks);
    }

    @Test
    void aLoneRequestTakesOnePrefillStepThenOneDecodeStepPerToken() {
        Deployment d = deployment("kv", List.of(new SimTier(8192, 1, H100)));
        SimulationResult r = Simulation.run(d, List.of(request(0, 2048, 5, 1, 2, 3, 4)), options());
        RequestResult only = r.results().getFirst();
        assertThat(only.ok()).isTrue();
        assertThat(only.outputTokens()).isEqualTo(5);
        double prefill = H100.stepMillis(StepWork.prefill(2048, 0));
        assertThat(only.ttftNanos() / 1e6).isCloseTo(prefill, org.assertj.core.data.Offset.offset(1e-5));
        // Token k attends the prompt and the k tokens before it, at the KV usage of its step.
        assertThat(only.gapNanos()).hasSize(4);
        for (int k = 1; k <= 4; k++) {
            double step = H100.stepMillis(StepWork.decode(1, 2048 + k, 0));
            assertThat(only.gapNanos()[k - 1] / 1e6).isCloseTo(step, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(only.endNanos() / 1e6)
                .isCloseTo(r.virtualSeconds() * 1000, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void theSameInputsGiveTheSameRunBitForBit() {
        List<TraceRequest> workload = Traces.synthetic(300, 40, 500, 6000, 10, 200, 0.5, 11);
        Deployment d = deployment("kv", List.of(new SimTier(8192, 2, H100), new SimTier(32768, 2, H100)));
        SimulationResult a = Simulation.run(d, workload, options());
        SimulationResult b = Simulation.run(d, workload, options());
        assertThat(a.results()).isEqualTo(b.results());
        assertThat(a.events()).isEqualTo(b.events());
        assertThat(a.workerSeries()).isEqualTo(b.workerSeries());
        assertThat(a.results()).allSatisfy(x -> assertThat(x.ok()).isTrue());
    }

    @Test
    void theKvRouterSendsARepeatedPrefixBackToTheWorkerThatCachedIt() {
        List<TraceRequest> workload = List.of(
                request(0, 4096, 2, 1, 2, 3, 4, 5, 6, 7, 8),
                request(1000, 4096, 2, 1, 2, 3, 4, 5, 6, 7, 9),
                request(2000, 4096, 2, 1, 2, 3, 4, 5, 6, 7, 10));
        List<SimTier> tiers = List.of(new SimTier(8192, 4, H100));
        SimulationResult kv = Simulation.run(deployment("kv", tiers), workload, options());
        assertThat(kv.results().stream().map(x -> x.workers().getFirst()).distinct())
                .hasSize(1);
        assertThat(kv.results().get(1).cachedTokens()).isEqualTo(7 * 512);
        SimulationResult rr = Simulation.run(deployment("round-robin", tiers), workload, options());
        assertThat(rr.results().stream().map(x -> x.workers().getFirst()).distinct())
                .hasSize(3);
        assertThat(rr.results()).allSatisfy(x -> assertThat(x.cachedTokens()).isZero());
        assertThat(kv.results().get(1).ttftNanos())
                .isLessThan(rr.results().get(1).ttftNanos() / 3);
    }

    @Test
    void aSequenceThatOutgrowsItsTierMovesOnAndTheClientSeesEveryTokenOnce() {
        Deployment d = new Deployment(
                "fit-prompt",
                List.of(new SimTier(4096, 1, H100), new SimTier(16384, 1, H100)),
                0,
                H100,
                0,
                router("kv", TierPolicy.Kind.FIT_PROMPT),
                16,
                Optional.empty(),
                256,
                8192,
                0,
                7);
        SimulationResult r = Simulation.run(d, List.of(request(0, 3000, 2000, 1, 2, 3, 4, 5, 6)), options());
        RequestResult only = r.results().getFirst();
        assertThat(only.ok()).isTrue();
        assertThat(only.outputTokens()).isEqualTo(2000);
        assertThat(only.migrations()).isEqualTo(1);
        assertThat(only.tiers()).containsExactly(4096, 16384);
        assertThat(only.gapNanos()).hasSize(1999);
    }

    @Test
    void requestsThatFindEveryWorkerBusyWaitAndAreRefusedExactlyAtTheQueueTimeout() {
        KvRouterConfig tight = new KvRouterConfig(
                16, 1, 0, 2, 0.99, 100, Duration.ofMillis(500), true, Duration.ofSeconds(120), 1 << 20);
        Deployment d = new Deployment(
                "busy",
                List.of(new SimTier(8192, 1, H100)),
                0,
                H100,
                0,
                new RouterSettings("kv", tight, TierPolicy.Kind.FIT_TOTAL, 3, 7, false),
                16,
                Optional.empty(),
                1,
                8192,
                0,
                7);
        List<TraceRequest> burst = Traces.synthetic(40, 1000, 1000, 1000, 200, 200, 0, 5);
        SimulationResult r = Simulation.run(d, burst, options());
        assertThat(r.results()).hasSize(40);
        List<RequestResult> refused = r.results().stream().filter(x -> !x.ok()).toList();
        assertThat(refused).isNotEmpty();
        // Every refused request waited exactly the queue timeout for a worker that stayed busy, no more, no less.
        assertThat(refused).allSatisfy(x -> assertThat(x.failure().orElseThrow().message())
                .contains("overloaded", "after waiting 500 ms"));
        assertThat(refused)
                .allSatisfy(x -> assertThat(x.failure().orElseThrow().status()).isEqualTo(503));
        assertThat(refused).allSatisfy(x -> assertThat(x.endNanos() / 1e6)
                .isCloseTo(500, org.assertj.core.data.Offset.offset(1e-6)));
        assertThat(r.results().stream().filter(RequestResult::ok)).isNotEmpty();
    }

    @Test
    void aBurstPastTheTiersCommittedKvIsAdmittedInTurnOrRefusedWith429AtTheAdmissionTimeout() {
        AdmissionSettings admission = new AdmissionSettings(0.9, 8, Duration.ofMillis(500));
        Deployment d = new Deployment(
                "admission",
                List.of(new SimTier(8192, 1, H100)),
                0,
                H100,
                0,
                router("kv", TierPolicy.Kind.FIT_TOTAL).withAdmission(admission),
                16,
                Optional.of(1024), // 16384 tokens: 12 sequences of 1000 + 200 under the 0.9 mark
                256,
                8192,
                0,
                7);
        List<TraceRequest> burst = Traces.synthetic(40, 1000, 1000, 1000, 200, 200, 0, 5);
        SimulationResult r = Simulation.run(d, burst, options());
        assertThat(r.results()).hasSize(40);
        List<RequestResult> refused = r.results().stream().filter(x -> !x.ok()).toList();
        assertThat(r.results().stream().filter(RequestResult::ok)).hasSize(12);
        assertThat(refused).hasSize(28);
        assertThat(refused).allSatisfy(x -> {
            assertThat(x.failure().orElseThrow().status()).isEqualTo(429);
            assertThat(x.failure().orElseThrow().message()).startsWith("kv_capacity_exceeded");
        });
        // 20 find the queue full and are refused at once; the 8 that queue are refused exactly at the deadline.
        assertThat(refused.stream().filter(x -> x.endNanos() == 0)).hasSize(20);
        assertThat(refused.stream().filter(x -> x.endNanos() != 0)).hasSize(8).allSatisfy(x -> assertThat(
                        x.endNanos() / 1e6)
                .isCloseTo(500, org.assertj.core.data.Offset.offset(1e-6)));
        // Two messages, queue full and timed out, so that reports count them together.
        assertThat(refused.stream()
                        .map(x -> x.failure().orElseThrow().message())
                        .distinct())
                .hasSize(2);
        assertThat(Simulation.run(d, burst, options()).results()).isEqualTo(r.results());
    }

    @Test
    void aPrefillPoolPrefillsAndTheDecodeWorkerPaysOnlyTheTransfer() {
        Deployment d = new Deployment(
                "disaggregated",
                List.of(new SimTier(16384, 1, H100)),
                1,
                H100,
                0,
                router("kv", TierPolicy.Kind.FIT_TOTAL),
                16,
                Optional.empty(),
                256,
                8192,
                0,
                7);
        SimulationResult r = Simulation.run(d, List.of(request(0, 8000, 3, 1)), options());
        RequestResult only = r.results().getFirst();
        assertThat(only.ok()).isTrue();
        double prefillLeg = H100.stepMillis(StepWork.prefill(8000, 0));
        double decodeFirst = H100.transferMillis(7999) + H100.stepMillis(StepWork.prefill(1, 7999));
        assertThat(only.ttftNanos() / 1e6)
                .isCloseTo(prefillLeg + decodeFirst, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(r.workers()).extracting(WorkerInfo::role).containsExactly("decode", "prefill");
    }
}
