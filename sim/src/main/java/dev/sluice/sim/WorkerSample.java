package dev.sluice.sim;

/** One worker at one virtual instant: sequences running and waiting, KV usage, share of the last interval stepping. */
public record WorkerSample(double atSeconds, int running, int waiting, double kvUsage, double busy) {}
