package dev.sluice.cli;

import dev.sluice.bench.TraceRequest;
import dev.sluice.mocker.TimingModel;
import dev.sluice.sim.Deployment;
import dev.sluice.sim.SimTier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Turns serve's deployment flags into a simulated {@link Deployment}, checking every worker fits its GPU first. */
final class SimDeployments {
    /** Without --tier: one tier that holds the workload's longest sequence, of this many workers. */
    static final int DEFAULT_WORKERS = 8;

    private SimDeployments() {}

    static Deployment of(String label, DeploymentOptions o, List<TraceRequest> workload) {
        int longest = workload.stream()
                .mapToInt(r -> r.inputLength() + r.outputLength())
                .max()
                .orElse(1);
        int defaultSeqlen = Integer.highestOneBit(Math.max(4096, longest - 1)) << 1;
        TreeMap<Integer, TierSpec> specs = o.tiers(defaultSeqlen, DEFAULT_WORKERS, Integer.MAX_VALUE);
        List<SimTier> tiers = specs.values().stream()
                .map(t -> new SimTier(t.thisSeqlen(), t.workers(), o.mocker.profile(t.profile())))
                .toList();
        TimingModel prefillProfile = o.mocker.profile(Optional.empty());
        for (SimTier t : tiers) {
            o.mocker.blocks(t.profile(), t.thisSeqlen()); // refuses a tier its GPU cannot hold
        }
        if (o.prefillWorkers > 0) {
            o.mocker.blocks(prefillProfile, specs.lastKey());
        }
        return new Deployment(
                label,
                tiers,
                o.prefillWorkers,
                prefillProfile,
                o.prefillThreshold,
                o.routerSettings(),
                o.mocker.blockSize,
                o.mocker.numGpuBlocks,
                o.mocker.maxNumSeqs,
                o.mocker.maxNumBatchedTokens,
                o.mocker.naturalOutputMean,
                o.seed);
    }

    /** The tiers a report shows: seqlen to workers. */
    static Map<Integer, Integer> shape(Deployment d) {
        TreeMap<Integer, Integer> m = new TreeMap<>();
        d.tiers().forEach(t -> m.put(t.thisSeqlen(), t.workers()));
        return m;
    }
}
