package dev.sluice.sim;

import dev.sluice.mocker.TimingModel;

/** A decode tier of a simulated deployment: {@code workers} workers holding {@code thisSeqlen} tokens, on a GPU profile. */
public record SimTier(int thisSeqlen, int workers, TimingModel profile) {
    public SimTier {
        if (thisSeqlen <= 0) {
            throw new IllegalArgumentException("tier seqlen " + thisSeqlen + " must be positive");
        }
        if (workers < 0) {
            throw new IllegalArgumentException("tier " + thisSeqlen + " has " + workers + " workers; must be >= 0");
        }
    }
}
