package dev.sluice.sim;

/** One simulated worker at the end of a run: what it was and how much it worked. */
public record WorkerInfo(
        long id, String role, int thisSeqlen, String profile, int kvBlocks, double busyMillis, long preemptions) {}
