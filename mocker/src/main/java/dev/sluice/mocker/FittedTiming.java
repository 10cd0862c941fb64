package dev.sluice.mocker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A step time fitted to measurements: its prefill time plus its decode time, each present only when the step has
 * such work:
 *
 * <pre>
 * prefill(T, C) = p0 + p1·T + p2·T² + p3·T·C/1000         T new (uncached) tokens, C tokens already in context
 * decode(B, p, K) = max(dmin, d0 + d1·p + d2·p² + d3·B + d4·K/1000)
 *                                                       B sequences, p KV-cache usage, K KV tokens attended
 * </pre>
 *
 * {@link #DYNAMO} holds the coefficients of Dynamo's mocker (fitted there to a vLLM worker on one GPU), so that
 * results compare with it: p0 = 16.50142, p1 = 1.518344e-2, p2 = 4.209989e-7, d0 = 5.74, d1 = 54.01, d2 = -25.74,
 * dmin = 1; the attention terms p3, d3 and d4 are 0. Its decode time depends only on KV usage, not on the lengths in
 * the batch. A worker that receives KV from another pays {@code tokens x kv_bytes_per_token /
 * kv_transfer_bytes_per_second}.
 */
public record FittedTiming(
        String name,
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
        double kvTransferBytesPerSecond)
        implements TimingModel {
    /**
     * Dynamo's mocker coefficients; KV transfer of Qwen3-0.6B's cache (28 layers x K,V x 8 heads x 128 x 2 bytes =
     * 114,688 bytes per token) at 25 GB/s, an RDMA-class link between a prefill and a decode GPU.
     */
    public static final FittedTiming DYNAMO = new FittedTiming(
            "dynamo-default", 16.50142, 1.518344e-2, 4.209989e-7, 0, 5.74, 54.01, -25.74, 0, 0, 1, 114_688, 25e9);

    private static final Set<String> KEYS = Set.of(
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
            "kv_transfer_bytes_per_second");

    @Override
    public double stepMillis(StepWork w) {
        double prefill = prefillMillis(w.prefillTokens(), w.prefillContextProduct());
        double decode = decodeMillis(w.decodeSeqs(), w.kvUsage(), w.decodeContextTokens());
        return prefill + decode;
    }

    /** Prefill of {@code newTokens} whose Σ new-token x context is {@code contextProduct}. */
    double prefillMillis(long newTokens, long contextProduct) {
        if (newTokens <= 0) {
            return 0;
        }
        double t = newTokens;
        return p0 + p1 * t + p2 * t * t + p3 * contextProduct / 1000.0;
    }

    double decodeMillis(int batchSize, double kvUsage, long attendedTokens) {
        if (batchSize <= 0) {
            return 0;
        }
        return Math.max(
                dmin, d0 + d1 * kvUsage + d2 * kvUsage * kvUsage + d3 * batchSize + d4 * attendedTokens / 1000.0);
    }

    @Override
    public double transferMillis(long tokens) {
        return tokens <= 0 ? 0 : tokens * kvBytesPerToken / kvTransferBytesPerSecond * 1000;
    }

    @Override
    public OptionalLong kvCapacityTokens() {
        return OptionalLong.empty();
    }

    @Override
    public String describe() {
        return name + " (fitted: prefill " + p0 + " + " + p1 + "·T + " + p2 + "·T², decode max(" + dmin + ", " + d0
                + " + " + d1 + "·p + " + d2 + "·p²))";
    }

    /** A profile of fitted coefficients: any of {@code p0..p3, d0..d4, dmin, kv_bytes_per_token,
     * kv_transfer_bytes_per_second} over the Dynamo defaults; an unknown key is refused. */
    static FittedTiming fromJson(JsonNode n, String name) {
        n.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("timing profile " + name + ": unknown key '" + k + "'");
            }
        });
        FittedTiming d = DYNAMO;
        return new FittedTiming(
                name,
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
    }
}
