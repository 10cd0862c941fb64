package dev.sluice.mocker;

import java.util.OptionalLong;

/**
 * A step time computed from a GPU's datasheet and a model's shape by a roofline: a forward pass over the step's
 * tokens takes as long as the slower of its arithmetic and its memory traffic, plus a fixed overhead.
 *
 * <pre>
 * flops   = 2·params·(T + B) + 4·layers·hidden·(Σ n·c + Σ n²/2 + K)
 * bytes   = weight_bytes + kv_bytes_per_token·(K + Σ c + T)
 * step    = max(flops / (n·peak·compute_eff), bytes / (n·bandwidth·memory_eff)) + comm + overhead
 * comm    = 0 on one GPU; with tensor parallelism over n GPUs, 2 all-reduces per layer:
 *           layers·2·(latency + (T + B)·hidden·2 bytes·2(n−1)/n / link)
 * KV room = (n·HBM − weight_bytes)·memory_utilization / kv_bytes_per_token
 * transfer(N) = N·kv_bytes_per_token / kv_link
 * </pre>
 *
 * T new prefill tokens, chunks of n after c cached tokens, B decoding sequences attending K tokens in all. Decode is
 * memory-bound: every step reads the weights and every running sequence's KV, so one long sequence slows every short
 * one batched with it. Prefill is compute-bound and grows with context through attention.
 */
public record RooflineTiming(String name, Gpu gpu, int gpus, ModelShape model, Assumptions assumptions)
        implements TimingModel {
    /** Datasheet figures of one GPU: HBM bytes and bytes/s, dense BF16 FLOP/s, and where they come from. */
    public record Gpu(String name, double hbmBytes, double hbmBytesPerSecond, double denseFlops, String source) {}

    /** A decoder-only transformer's shape, weights in BF16. */
    public record ModelShape(
            String name, double params, int layers, int hidden, int kvHeads, int headDim, String source) {
        public double weightBytes() {
            return params * 2;
        }

        /** K and V, every layer, every KV head, BF16. */
        public double kvBytesPerToken() {
            return 2.0 * layers * kvHeads * headDim * 2;
        }
    }

    /**
     * The constants that are not on a datasheet: fractions of peak compute and bandwidth a serving engine reaches,
     * a per-step overhead (scheduling, sampling, kernel launches), the share of HBM given to weights and KV, the
     * tensor-parallel link and its per-all-reduce latency, and the link KV moves over between workers.
     */
    public record Assumptions(
            double computeEfficiency,
            double memoryEfficiency,
            double stepOverheadMillis,
            double memoryUtilization,
            double tpLinkBytesPerSecond,
            double tpAllReduceLatencyMicros,
            double kvLinkBytesPerSecond) {
        public static final Assumptions DEFAULT = new Assumptions(0.45, 0.85, 1.0, 0.9, 450e9, 8, 50e9);
    }

    public RooflineTiming {
        if (gpus <= 0) {
            throw new IllegalArgumentException("a profile needs at least one GPU, not " + gpus);
        }
        if (gpus * gpu.hbmBytes() <= model.weightBytes()) {
            throw new IllegalArgumentException(model.name() + "'s weights (" + model.weightBytes() / 1e9
                    + " GB) do not fit " + gpus + " x " + gpu.name());
        }
    }

    @Override
    public double stepMillis(StepWork w) {
        if (w.isEmpty()) {
            return 0;
        }
        long tokens = w.prefillTokens() + w.decodeSeqs();
        double attended = w.prefillContextProduct() + w.prefillSquare() / 2.0 + w.decodeContextTokens();
        double flops = 2 * model.params() * tokens + 4.0 * model.layers() * model.hidden() * attended;
        double bytes = model.weightBytes()
                + model.kvBytesPerToken() * (w.decodeContextTokens() + w.prefillContextTokens() + w.prefillTokens());
        double computeSeconds = flops / (gpus * gpu.denseFlops() * assumptions.computeEfficiency());
        double memorySeconds = bytes / (gpus * gpu.hbmBytesPerSecond() * assumptions.memoryEfficiency());
        return Math.max(computeSeconds, memorySeconds) * 1000 + commMillis(tokens) + assumptions.stepOverheadMillis();
    }

    private double commMillis(long tokens) {
        if (gpus == 1) {
            return 0;
        }
        double perAllReduce = assumptions.tpAllReduceLatencyMicros() / 1e6
                + tokens * model.hidden() * 2.0 * 2 * (gpus - 1) / gpus / assumptions.tpLinkBytesPerSecond();
        return model.layers() * 2 * perAllReduce * 1000;
    }

    @Override
    public double kvBytesPerToken() {
        return model.kvBytesPerToken();
    }

    @Override
    public double transferMillis(long tokens) {
        return tokens <= 0 ? 0 : tokens * model.kvBytesPerToken() / assumptions.kvLinkBytesPerSecond() * 1000;
    }

    @Override
    public OptionalLong kvCapacityTokens() {
        double free = (gpus * gpu.hbmBytes() - model.weightBytes()) * assumptions.memoryUtilization();
        return OptionalLong.of((long) (free / model.kvBytesPerToken()));
    }

    @Override
    public String describe() {
        return String.format(
                "%s (roofline: %s on %d x %s, KV %,.0f B/token, room for %,d tokens)",
                name,
                model.name(),
                gpus,
                gpu.name(),
                model.kvBytesPerToken(),
                kvCapacityTokens().getAsLong());
    }
}
