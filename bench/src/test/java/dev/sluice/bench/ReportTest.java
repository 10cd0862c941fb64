package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReportTest {
    private static final long MS = 1_000_000;

    static RequestResult ok(int index, long scheduledMs, long lagMs, int in, int out, long endMs, long... chunksMs) {
        long[] chunks = new long[chunksMs.length];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = chunksMs[i] * MS;
        }
        return new RequestResult(
                index,
                scheduledMs * MS,
                lagMs * MS,
                in,
                out,
                in / 2,
                chunks,
                endMs * MS,
                0,
                List.of(),
                List.of(3L),
                Optional.empty());
    }

    static RequestResult failed(int index, int status, String message) {
        return RequestResult.failed(index, index * 1000 * MS, 0, 100, MS, new RequestResult.Failure(status, message));
    }

    private final List<RequestResult> results = List.of(
            ok(0, 0, 0, 1000, 5, 150, 100, 110, 120, 130, 140),
            ok(1, 1000, 50, 9000, 2, 400, 300, 400),
            failed(2, 400, "bad prompt"),
            failed(3, 400, "bad prompt"),
            failed(4, 0, "no complete response within 1 s"));

    @Test
    void latenciesItlGapsAndThroughputFollowTheDefinitions() {
        Report r = Report.of(results, 10, new Report.Slo(200, 50), new ClientUsage("netty", 7 * MS, 0));
        Report.Bucket all = r.buckets().get("all");
        assertThat(all.requests()).isEqualTo(5);
        assertThat(all.errors()).isEqualTo(3);
        assertThat(all.ttftMillis().p50()).isCloseTo(100, within(0.1));
        assertThat(all.ttftMillis().max()).isCloseTo(300, within(0.3));
        // ITL per request: (150 - 100) / (5 - 1) = 12.5 ms and (400 - 300) / (2 - 1) = 100 ms
        assertThat(all.itlMillis().count()).isEqualTo(2);
        assertThat(all.itlMillis().p50()).isCloseTo(12.5, within(0.02));
        assertThat(all.itlMillis().max()).isCloseTo(100, within(0.1));
        // gaps: four of 10 ms, one of 100 ms
        assertThat(all.gapMillis().count()).isEqualTo(5);
        assertThat(all.gapMillis().p50()).isCloseTo(10, within(0.01));
        assertThat(all.tokensPerSecondPerUser().p50()).isCloseTo(10, within(0.01));
        assertThat(all.tokensPerSecondPerUser().max()).isCloseTo(80, within(0.1));
        assertThat(all.outputTokensPerSecond()).isEqualTo(0.7);
        assertThat(all.requestsPerSecond()).isEqualTo(0.2);
        assertThat(all.goodputPerSecond()).isEqualTo(0.1);
        assertThat(all.prefixHitRate()).isEqualTo(0.5);
        assertThat(r.buckets().keySet()).containsExactly("all", "<8k", "8k-32k");
        assertThat(r.requestsPerWorker()).containsEntry(3L, 2L);
    }

    @Test
    void errorsAreCountedByStatusAndMessageAndShown() {
        Report r = Report.of(results, 10, new Report.Slo(200, 50), new ClientUsage("netty", 7 * MS, 0));
        assertThat(r.errors())
                .containsExactly(
                        new Report.ErrorCount(400, "bad prompt", 2),
                        new Report.ErrorCount(0, "no complete response within 1 s", 1));
        assertThat(r.table()).contains("| 2 | 400 | bad prompt |", "| 1 | none | no complete response within 1 s |");
    }

    @Test
    void aClientThatSentLateSaysSoAtTheTop() {
        Report r = Report.of(results, 10, new Report.Slo(200, 50), new ClientUsage("netty", 7 * MS, 0));
        assertThat(r.selfCheck().keptUp()).isFalse();
        assertThat(r.selfCheck().sendLagMillis().max()).isCloseTo(50, within(0.05));
        assertThat(r.selfCheck().cpuMillisPerThousandTokens()).isCloseTo(1000, within(1e-9));
        assertThat(r.table())
                .startsWith("> **WARNING: THE CLIENT DID NOT KEEP UP: send lag p99 50.0 ms > 10 ms while it used only"
                        + " 0% of a core: it was starved of CPU");
        Report busy = Report.of(results, 10, new Report.Slo(200, 50), new ClientUsage("netty", 9_000 * MS, 0));
        assertThat(busy.selfCheck().verdict())
                .endsWith("at 90% of a core; the figures describe the client, not the server");
    }

    @Test
    void aClientThatKeptUpSaysSoAndEveryReportCarriesTheDefinitions() {
        List<RequestResult> punctual = List.of(ok(0, 0, 0, 100, 2, 20, 10, 20), ok(1, 5, 1, 100, 2, 30, 10, 20));
        Report r = Report.of(punctual, 1, new Report.Slo(200, 50), new ClientUsage("netty", MS, 0));
        assertThat(r.selfCheck().keptUp()).isTrue();
        assertThat(r.table())
                .startsWith("Self-check (netty client): kept up.")
                .contains("(E2E - TTFT) / (output tokens - 1)", "scheduled send time");
        assertThat(Report.durationSeconds(punctual)).isCloseTo(0.035, within(1e-12));
    }

    @Test
    void perWorkerCountsAreListedForSmallFleetsAndSummarisedForLargeOnes() {
        assertThat(ReportTable.perWorker(Map.of(1L, 5L))).isEqualTo("{1=5}");
        Map<Long, Long> fleet = new TreeMap<>();
        for (long w = 1; w <= 1000; w++) {
            fleet.put(w, w % 10 + 1);
        }
        assertThat(ReportTable.perWorker(fleet))
                .isEqualTo("1000 workers, min 1, median 6, max 10 (every count in report.json)");
    }
}
