package dev.sluice.cli;

import dev.sluice.mocker.MockerConfig;
import dev.sluice.mocker.TimingModel;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The simulated worker's flags, shared by {@code serve} and {@code worker}. */
final class MockerOptions {
    @Option(
            names = "--speedup-ratio",
            defaultValue = "1.0",
            description =
                    "Simulated workers run this many times faster than the timing model says (default: ${DEFAULT-VALUE}).")
    double speedupRatio;

    @Option(
            names = "--num-gpu-blocks",
            defaultValue = "16384",
            description = "KV cache blocks per worker; with --engine openai-http, the engine's, which scales its"
                    + " cache usage into the load it reports (default: ${DEFAULT-VALUE}).")
    int numGpuBlocks;

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
            names = "--timing-profile",
            description = "JSON file of the simulated workers' timing coefficients (p0..p3, d0..d4, dmin); see README.")
    Optional<Path> timingProfile;

    /**
     * A worker's settings. Like vLLM, which refuses to start when its longest sequence does not fit its KV cache, this
     * refuses a tier longer than the cache: such a sequence could never be scheduled once it outgrew the cache.
     */
    MockerConfig config(
            long workerId, int thisSeqlen, long seed, int[] vocabulary, String kvSubject, String loadSubject) {
        long cacheTokens = (long) numGpuBlocks * blockSize;
        if (numGpuBlocks > 0 && blockSize > 0 && cacheTokens < thisSeqlen) {
            long needed = (thisSeqlen + blockSize - 1) / blockSize;
            throw new IllegalArgumentException("a sequence of " + thisSeqlen + " tokens (this-seqlen) does not fit the"
                    + " simulated KV cache of " + numGpuBlocks + " blocks x " + blockSize + " tokens = " + cacheTokens
                    + " tokens; pass --num-gpu-blocks " + needed + " or more");
        }
        return new MockerConfig(
                workerId,
                thisSeqlen,
                numGpuBlocks,
                blockSize,
                maxNumSeqs,
                maxNumBatchedTokens,
                speedupRatio,
                seed,
                vocabulary,
                timingProfile.map(TimingModel::load).orElse(TimingModel.DEFAULT),
                kvSubject,
                loadSubject,
                4096);
    }
}
