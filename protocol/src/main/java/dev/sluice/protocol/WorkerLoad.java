package dev.sluice.protocol;

/**
 * A worker's load as it reports it: running and waiting sequences, KV blocks in use, and the fraction of prompt
 * tokens it found in its prefix cache since it started.
 */
public record WorkerLoad(
        long workerId, int runningSeqs, int waitingSeqs, int kvBlocksUsed, int kvBlocksTotal, double cacheHitRate) {
    public double kvUsage() {
        return kvBlocksTotal == 0 ? 0 : (double) kvBlocksUsed / kvBlocksTotal;
    }
}
