package dev.sluice.protocol;

/** A worker's load as it reports it: running and waiting sequences and KV blocks in use. */
public record WorkerLoad(long workerId, int runningSeqs, int waitingSeqs, int kvBlocksUsed, int kvBlocksTotal) {
    public double kvUsage() {
        return kvBlocksTotal == 0 ? 0 : (double) kvBlocksUsed / kvBlocksTotal;
    }
}
