package dev.sluice.mocker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How long one simulated step takes on the modelled GPU, in milliseconds, before {@code speedup_ratio} divides it.
 * A step's time is its prefill time plus its decode time, each present only when the step has such work:
 *
 * <pre>
 * prefill(T, C) = p0 + p1·T + p2·T² + p3·T·C/1000         T new (uncached) tokens, C tokens already in context
 * decode(B, p, K) = max(dmin, d0 + d1·p + d2·p² + d3·B + d4·K/1000)
 *                                                       B sequences, p KV-cache usage, K KV tokens attended
 * </pre>
 *
 * The defaults are the coefficients of Dynamo's mocker (fitted there to a vLLM worker on one GPU), so that results
 * compare with it: p0 = 16.50142, p1 = 1.518344e-2, p2 = 4.209989e-7, d0 = 5.74, d1 = 54.01, d2 = -25.74,
 * dmin = 1; the attention terms p3, d3 and d4 are 0 by default and can be set in a profile file
 * ({@code --timing-profile}, JSON with any of these keys). A decode worker that receives a prefill worker's KV
 * ({@code disaggregated_params.kv_transfer_tokens}) pays {@code tokens x kv_bytes_per_token /
 * kv_transfer_bytes_per_second} instead of computing them.
 */
public record TimingModel(
        double p0,
        double p1,
        double p2,
        double p3,
        double d0,
        double d1,
        double d2,
        double d3,
        double d4,
        double dmin,
        double kvBytesPerToken,
        double kvTransferBytesPerSecond) {
    /**
     * Dynamo's mocker coefficients; KV transfer of Qwen3-0.6B's cache (28 layers x K,V x 8 heads x 128 x 2 bytes =
     * 114,688 bytes per token) at 25 GB/s, an RDMA-class link between a prefill and a decode GPU.
     */
    public static final TimingModel DEFAULT =
            new TimingModel(16.50142, 1.518344e-2, 4.209989e-7, 0, 5.74, 54.01, -25.74, 0, 0, 1, 114_688, 25e9);

    /** Time to receive {@code tokens} tokens of KV cache from a prefill worker instead of computing them. */
    public double transferMillis(long tokens) {
        return tokens <= 0 ? 0 : tokens * kvBytesPerToken / kvTransferBytesPerSecond * 1000;
    }

    public double prefillMillis(int newTokens, long contextTokens) {
        if (newTokens <= 0) {
            return 0;
        }
        double t = newTokens;
        return p0 + p1 * t + p2 * t * t + p3 * t * contextTokens / 1000.0;
    }

    public double decodeMillis(int batchSize, double kvUsage, long attendedTokens) {
        if (batchSize <= 0) {
            return 0;
        }
        return Math.max(
                dmin, d0 + d1 * kvUsage + d2 * kvUsage * kvUsage + d3 * batchSize + d4 * attendedTokens / 1000.0);
    }

    /** Reads a profile: a JSON object whose keys (p0..p3, d0..d4, dmin) override the defaults. */
    public static TimingModel load(Path file) {
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("timing profile " + file + " must be a JSON object");
            }
            n.fieldNames().forEachRemaining(k -> {
                if (!java.util.Set.of(
                                "p0",
                                "p1",
                                "p2",
                                "p3",
                                "d0",
                                "d1",
                                "d2",
                                "d3",
                                "d4",
                                "dmin",
                                "kv_bytes_per_token",
                                "kv_transfer_bytes_per_second")
                        .contains(k)) {
                    throw new IllegalArgumentException("timing profile " + file + ": unknown key '" + k + "'");
                }
            });
            TimingModel d = DEFAULT;
            return new TimingModel(
                    n.path("p0").asDouble(d.p0),
                    n.path("p1").asDouble(d.p1),
                    n.path("p2").asDouble(d.p2),
                    n.path("p3").asDouble(d.p3),
                    n.path("d0").asDouble(d.d0),
                    n.path("d1").asDouble(d.d1),
                    n.path("d2").asDouble(d.d2),
                    n.path("d3").asDouble(d.d3),
                    n.path("d4").asDouble(d.d4),
                    n.path("dmin").asDouble(d.dmin),
                    n.path("kv_bytes_per_token").asDouble(d.kvBytesPerToken),
                    n.path("kv_transfer_bytes_per_second").asDouble(d.kvTransferBytesPerSecond));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read timing profile " + file + ": " + e.getMessage(), e);
        }
    }
}
