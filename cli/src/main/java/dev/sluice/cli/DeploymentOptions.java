package dev.sluice.cli;

import dev.sluice.llm.RouterSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a deployment of simulated workers is: decode tiers, routing, a prefill pool, the workers' shape and GPU
 * profile. {@code sluice serve} runs it live; {@code sluice simulate} runs it on a virtual clock.
 */
final class DeploymentOptions {
    @Option(
            names = "--tier",
            paramLabel = "SEQLEN=WORKERS[:PROFILE]",
            description = "A decode tier: WORKERS simulated workers holding up to SEQLEN tokens each, on PROFILE"
                    + " (else --timing-profile). Repeatable; the largest SEQLEN is the deployment's max-seqlen"
                    + " (default: one tier of the context length with 2 workers).")
    List<String> tiers = new ArrayList<>();

    @Mixin
    RouterOptions routing = new RouterOptions();

    @Mixin
    AdmissionOptions admission = new AdmissionOptions();

    @Option(
            names = "--prefill-workers",
            defaultValue = "0",
            description = "Simulated prefill workers: prompts are prefilled there and their KV handed to a decode"
                    + " worker (default: ${DEFAULT-VALUE}, aggregated serving).")
    int prefillWorkers;

    @Option(
            names = "--prefill-threshold",
            defaultValue = "0",
            description = "Prompts shorter than this many tokens skip the prefill workers (default: ${DEFAULT-VALUE}).")
    int prefillThreshold;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the simulated output tokens, random routing and synthetic workloads"
                    + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    MockerOptions mocker = new MockerOptions();

    /** The routing settings with this deployment's admission. */
    RouterSettings routerSettings() {
        return routing.settings(mocker.blockSize, seed).withAdmission(admission.settings());
    }

    /** The tiers by {@code this_seqlen}, or one tier of {@code defaultSeqlen} x {@code defaultWorkers}. */
    TreeMap<Integer, TierSpec> tiers(int defaultSeqlen, int defaultWorkers, int maxSeqlen) {
        TreeMap<Integer, TierSpec> out = new TreeMap<>();
        for (String spec : tiers) {
            TierSpec t = TierSpec.parse(spec);
            if (out.put(t.thisSeqlen(), t) != null) {
                throw new IllegalArgumentException("--tier " + t.thisSeqlen() + " is given twice");
            }
        }
        if (out.isEmpty()) {
            out.put(defaultSeqlen, new TierSpec(defaultSeqlen, defaultWorkers, java.util.Optional.empty()));
        }
        if (out.lastKey() > maxSeqlen) {
            throw new IllegalArgumentException(
                    "tier " + out.lastKey() + " exceeds the model's context length of " + maxSeqlen + " tokens");
        }
        if (out.lastEntry().getValue().workers() == 0) {
            throw new IllegalArgumentException("the longest tier (" + out.lastKey()
                    + ") needs at least one worker: only its workers publish the model");
        }
        if (prefillWorkers < 0) {
            throw new IllegalArgumentException("--prefill-workers " + prefillWorkers + " is negative");
        }
        return out;
    }
}
