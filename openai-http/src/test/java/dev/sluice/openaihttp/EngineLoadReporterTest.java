package dev.sluice.openaihttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.WorkerLoad;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An engine server's Prometheus metrics become the worker's load reports. */
@Timeout(30)
class EngineLoadReporterTest {
    /** What vLLM's /metrics looks like, cut down: HELP and TYPE lines, labels, two data-parallel engines. */
    static final String VLLM_METRICS = """
            # HELP vllm:num_requests_running Number of requests in model execution batches.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{engine="0",model_name="Qwen/Qwen3-0.6B"} 3.0
            vllm:num_requests_running{engine="1",model_name="Qwen/Qwen3-0.6B"} 2.0
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting{engine="0",model_name="Qwen/Qwen3-0.6B"} 4.0
            vllm:num_requests_waiting{engine="1",model_name="Qwen/Qwen3-0.6B"} 0.0
            # TYPE vllm:kv_cache_usage_perc gauge
            vllm:kv_cache_usage_perc{engine="0",model_name="Qwen/Qwen3-0.6B"} 0.5
            vllm:kv_cache_usage_perc{engine="1",model_name="Qwen/Qwen3-0.6B"} 0.25
            # TYPE vllm:prefix_cache_queries_total counter
            vllm:prefix_cache_queries_total{engine="0",model_name="Qwen/Qwen3-0.6B"} 1000.0
            vllm:prefix_cache_hits_total{engine="0",model_name="Qwen/Qwen3-0.6B"} 250.0
            python_gc_objects_collected_total{generation="0"} 1234.0
            """;

    @Test
    void vllmsGaugesAreReadAcrossLabelSets() {
        EngineMetrics m = EngineMetrics.parse(VLLM_METRICS).orElseThrow();
        assertThat(m.running()).isEqualTo(5);
        assertThat(m.waiting()).isEqualTo(4);
        assertThat(m.kvUsage()).as("the mean over engines").isEqualTo(0.375);
        assertThat(m.cacheHitRate()).isEqualTo(0.25);
        assertThat(EngineMetrics.parse("vllm:num_requests_running 1\nvllm:gpu_cache_usage_perc 0.9\n"))
                .as("the name older vLLM uses for the cache gauge")
                .hasValueSatisfying(old -> assertThat(old.kvUsage()).isEqualTo(0.9));
        assertThat(EngineMetrics.parse("http_requests_total 5\n")).isEmpty();
    }

    @Test
    void sglangsGaugesAreReadToo() {
        // SGLang with --enable-metrics, two data-parallel ranks
        String text = "# TYPE sglang:num_running_reqs gauge\n"
                + "sglang:num_running_reqs{model_name=\"m\",dp_rank=\"0\"} 3.0\n"
                + "sglang:num_running_reqs{model_name=\"m\",dp_rank=\"1\"} 2.0\n"
                + "sglang:num_queue_reqs{model_name=\"m\",dp_rank=\"0\"} 4.0\n"
                + "sglang:token_usage{model_name=\"m\",dp_rank=\"0\"} 0.25\n"
                + "sglang:token_usage{model_name=\"m\",dp_rank=\"1\"} 0.75\n"
                + "sglang:cache_hit_rate{model_name=\"m\",dp_rank=\"0\"} 0.5\n";
        assertThat(EngineMetrics.parse(text)).hasValue(new EngineMetrics(5, 4, 0.5, 0.5));
    }

    @Test
    void changedReadingsGoToTheSinkAndFailedPollsAreCounted() throws Exception {
        List<WorkerLoad> reports = new CopyOnWriteArrayList<>();
        try (FakeEngineServer engine = new FakeEngineServer((body, reply) -> {});
                EngineLoadReporter reporter = new EngineLoadReporter(
                        new OpenAiHttpConfig(engine.base(), "m", 1024, Optional.empty(), Duration.ofSeconds(2)),
                        7,
                        2000,
                        Duration.ofMillis(50),
                        reports::add)) {
            reporter.pollOnce();
            assertThat(reports).as("no metrics yet (404)").isEmpty();
            assertThat(reporter.failedPolls()).isEqualTo(1);

            engine.metrics = VLLM_METRICS;
            reporter.pollOnce();
            reporter.pollOnce();
            assertThat(reports).containsExactly(new WorkerLoad(7, 5, 4, 750, 2000, 0.25));

            engine.metrics = VLLM_METRICS.replace("} 4.0", "} 9.0");
            reporter.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (reports.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(reports).hasSize(2);
            assertThat(reports.getLast().waitingSeqs()).isEqualTo(9);
        }
    }
}
