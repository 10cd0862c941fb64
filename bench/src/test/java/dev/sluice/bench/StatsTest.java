package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void percentilesInterpolateBetweenClosestRanks() {
        Stats s = Stats.of(List.of(4.0, 1.0, 3.0, 2.0, 10.0));
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.mean()).isEqualTo(4.0);
        assertThat(s.p50()).isEqualTo(3.0);
        // rank 0.9 * 4 = 3.6 between 4 and 10: 4 + 0.6 * 6 = 7.6
        assertThat(s.p90()).isCloseTo(7.6, within(1e-9));
        assertThat(s.p99()).isCloseTo(9.76, within(1e-9));
        assertThat(s.max()).isEqualTo(10.0);
        assertThat(Stats.of(List.of()).count()).isZero();
    }

    @Test
    void reportBucketsThroughputGoodputAndHitRate() {
        List<RequestResult> rs = List.of(
                new RequestResult(
                        0, 1000, 10, 500, 100, List.of(10.0, 20.0), 400, 0, List.of(), List.of(), Optional.empty()),
                new RequestResult(0, 9000, 20, 0, 3000, List.of(50.0), 5000, 1, List.of(), List.of(), Optional.empty()),
                RequestResult.failed(0, 40000, 5, "HTTP 400"));
        Report r = Report.of(new BenchRunner.Run(rs, 10.0, 0), 2000, 100);
        Report.Bucket all = r.buckets().get("all");
        assertThat(all.requests()).isEqualTo(3);
        assertThat(all.errors()).isEqualTo(1);
        assertThat(all.requestsPerSecond()).isEqualTo(0.2);
        assertThat(all.outputTokensPerSecond()).isEqualTo(3.0);
        assertThat(all.goodputPerSecond()).isEqualTo(0.1);
        assertThat(all.prefixHitRate()).isEqualTo(500.0 / 10000);
        assertThat(all.migrations()).isEqualTo(1);
        assertThat(r.buckets()).containsKeys("<8k", "8k-32k", ">=32k");
        assertThat(r.buckets().get("<8k").ttftMillis().p50()).isEqualTo(100);
        assertThat(r.table()).contains("| all | 3 | 1 |");
    }
}
