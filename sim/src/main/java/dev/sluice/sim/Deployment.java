package dev.sluice.sim;

import dev.sluice.llm.RouterSettings;
import dev.sluice.mocker.TimingModel;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a simulation serves: decode tiers (each with its GPU profile), a prefill pool, the routing settings and the
 * simulated workers' shape, exactly as {@code sluice serve} would run them. {@code numGpuBlocks} empty means "what the
 * profile's GPU holds" (16,384 for a fitted profile). {@code naturalOutputMean} is the workers' EOS chance (trace
 * replays ask for exact lengths and ignore it). {@code label} names the deployment in comparisons.
 */
public record Deployment(
        String label,
        List<SimTier> tiers,
        int prefillWorkers,
        TimingModel prefillProfile,
        int prefillThreshold,
        RouterSettings router,
        int blockSize,
        Optional<Integer> numGpuBlocks,
        int maxNumSeqs,
        int maxNumBatchedTokens,
        double naturalOutputMean,
        long seed) {
    public Deployment {
        tiers = tiers.stream()
                .sorted(Comparator.comparingInt(SimTier::thisSeqlen))
                .toList();
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a deployment needs at least one decode tier");
        }
        if (tiers.getLast().workers() == 0) {
            throw new IllegalArgumentException("the longest tier ("
                    + tiers.getLast().thisSeqlen() + ") needs at least one worker: only its workers publish the model");
        }
        if (prefillWorkers < 0) {
            throw new IllegalArgumentException("--prefill-workers " + prefillWorkers + " is negative");
        }
    }

    /** The deployment's longest sequence: its longest tier. */
    public int maxSeqlen() {
        return tiers.getLast().thisSeqlen();
    }

    /** Decode plus prefill workers. */
    public int workerCount() {
        return tiers.stream().mapToInt(SimTier::workers).sum() + prefillWorkers;
    }
}
