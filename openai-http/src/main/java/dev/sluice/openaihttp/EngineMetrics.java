package dev.sluice.openaihttp;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an engine's Prometheus {@code /metrics} says about its load, read from vLLM's (or SGLang's) gauge names: running
 * and waiting requests, the fraction of the KV cache in use, and prompt tokens found in the prefix cache. Samples of
 * the same name (one per label set, such as one per engine of a data-parallel server) add up, but for the cache
 * usage, which is their mean.
 */
record EngineMetrics(int running, int waiting, double kvUsage, double cacheHitRate) {
    static final String RUNNING = "vllm:num_requests_running";
    static final String WAITING = "vllm:num_requests_waiting";
    /** vLLM 0.10 renamed the cache gauge; older servers still say {@code gpu_cache_usage_perc}. */
    static final String KV_USAGE = "vllm:kv_cache_usage_perc";

    static final String KV_USAGE_OLD = "vllm:gpu_cache_usage_perc";
    static final String PREFIX_QUERIES = "vllm:prefix_cache_queries_total";
    static final String PREFIX_HITS = "vllm:prefix_cache_hits_total";
    /** SGLang's names (with {@code --enable-metrics}): its usage and hit rate are already fractions. */
    static final String SGLANG_RUNNING = "sglang:num_running_reqs";

    static final String SGLANG_WAITING = "sglang:num_queue_reqs";
    static final String SGLANG_USAGE = "sglang:token_usage";
    static final String SGLANG_HIT_RATE = "sglang:cache_hit_rate";

    /** The metrics in a text exposition; empty when it has none of the request gauges (not a vLLM-style engine). */
    static Optional<EngineMetrics> parse(String exposition) {
        Map<String, Double> sums = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                add(line, sums, counts);
            }
        }
        String usage = sums.containsKey(KV_USAGE) ? KV_USAGE : KV_USAGE_OLD;
        if (!sums.containsKey(RUNNING) && !sums.containsKey(WAITING)) {
            return sglang(sums, counts);
        }
        double queries = sums.getOrDefault(PREFIX_QUERIES, 0.0);
        return Optional.of(new EngineMetrics(
                sums.getOrDefault(RUNNING, 0.0).intValue(),
                sums.getOrDefault(WAITING, 0.0).intValue(),
                Math.clamp(sums.getOrDefault(usage, 0.0) / counts.getOrDefault(usage, 1), 0.0, 1.0),
                queries > 0 ? sums.getOrDefault(PREFIX_HITS, 0.0) / queries : 0));
    }

    private static Optional<EngineMetrics> sglang(Map<String, Double> sums, Map<String, Integer> counts) {
        if (!sums.containsKey(SGLANG_RUNNING) && !sums.containsKey(SGLANG_WAITING)) {
            return Optional.empty();
        }
        return Optional.of(new EngineMetrics(
                sums.getOrDefault(SGLANG_RUNNING, 0.0).intValue(),
                sums.getOrDefault(SGLANG_WAITING, 0.0).intValue(),
                Math.clamp(mean(sums, counts, SGLANG_USAGE), 0.0, 1.0),
                Math.clamp(mean(sums, counts, SGLANG_HIT_RATE), 0.0, 1.0)));
    }

    private static double mean(Map<String, Double> sums, Map<String, Integer> counts, String name) {
        return sums.getOrDefault(name, 0.0) / counts.getOrDefault(name, 1);
    }

    /** Adds one sample line ({@code name[{labels}] value [timestamp]}) to the sum of its name. */
    private static void add(String line, Map<String, Double> sums, Map<String, Integer> counts) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name;
        String rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            rest = line.substring(line.lastIndexOf('}') + 1);
        } else if (space > 0) {
            name = line.substring(0, space);
            rest = line.substring(space);
        } else {
            return;
        }
        try {
            sums.merge(name, Double.parseDouble(rest.strip().split("\\s+")[0]), Double::sum);
            counts.merge(name, 1, Integer::sum);
        } catch (NumberFormatException ignored) {
            // NaN spelled otherwise, or a line this reader need not understand
        }
    }
}
