package dev.sluice.cli;

import dev.sluice.mocker.MockerConfig;
import dev.sluice.mocker.TimingModel;
import dev.sluice.mocker.TimingProfiles;
import dev.sluice.mocker.WorkerSizing;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The simulated worker's shape and GPU profile, shared by {@code serve}, {@code worker} and {@code simulate}. */
final class MockerOptions {
    @Option(
            names = "--num-gpu-blocks",
            description = "KV cache blocks per worker (default: what the timing profile's GPU holds; 16384 for"
                    + " dynamo-default); with --engine openai-http, the engine's, which scales its cache usage into"
                    + " the load it reports.")
    Optional<Integer> numGpuBlocks;

    @Option(
            names = "--block-size",
            defaultValue = "64",
            description = "Tokens per KV cache block; with --engine openai-http, the engine's (vLLM's is 16)"
                    + " (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(
            names = "--max-num-seqs",
            defaultValue = "256",
            description = "Sequences a simulated worker runs at once (default: ${DEFAULT-VALUE}).")
    int maxNumSeqs;

    @Option(
            names = "--max-num-batched-tokens",
            defaultValue = "8192",
            description = "Token budget of one simulated step (default: ${DEFAULT-VALUE}).")
    int maxNumBatchedTokens;

    @Option(
            names = "--natural-output-mean",
            defaultValue = "400",
            description = "Simulated workers end a sequence with EOS after this many tokens on average (a constant"
                    + " chance per token, so the median is ~0.7 x this), unless ignore_eos or min_tokens say otherwise;"
                    + " 0 = only at max_tokens or the tier's limit (default: ${DEFAULT-VALUE}).")
    double naturalOutputMean;

    @Option(
            names = "--timing-profile",
            paramLabel = "NAME|FILE",
            defaultValue = "dynamo-default",
            description = "The simulated GPU: one of " + TimingProfiles.LIST
                    + ", or a JSON file of fitted coefficients (p0..p3, d0..d4, dmin; see README)"
                    + " (default: ${DEFAULT-VALUE}). A tier may name its own (--tier SEQLEN=WORKERS:PROFILE).")
    String timingProfile;

    /** The profile of a tier: its own when it names one, else {@code --timing-profile}. */
    TimingModel profile(Optional<String> tierProfile) {
        return TimingModel.resolve(tierProfile.orElse(timingProfile));
    }

    /** KV blocks of a worker holding {@code thisSeqlen} tokens on {@code profile}; refuses one that does not fit. */
    int blocks(TimingModel profile, int thisSeqlen) {
        return WorkerSizing.blocks(profile, numGpuBlocks, blockSize, thisSeqlen);
    }

    /** A worker's settings. */
    MockerConfig config(
            long workerId,
            int thisSeqlen,
            TimingModel profile,
            double speedupRatio,
            long seed,
            int[] vocabulary,
            String kvSubject,
            String loadSubject) {
        return new MockerConfig(
                workerId,
                thisSeqlen,
                blocks(profile, thisSeqlen),
                blockSize,
                maxNumSeqs,
                maxNumBatchedTokens,
                speedupRatio,
                seed,
                vocabulary,
                profile,
                kvSubject,
                loadSubject,
                4096,
                naturalOutputMean);
    }
}
