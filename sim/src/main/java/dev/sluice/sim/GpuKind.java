package dev.sluice.sim;

import dev.sluice.mocker.TimingModel;

/** GPUs of one kind in a planning budget: their profile, how many there are, and what one costs (any unit). */
public record GpuKind(TimingModel profile, int count, double cost) {
    public GpuKind {
        if (count <= 0) {
            throw new IllegalArgumentException("a GPU kind needs a positive count, not " + count);
        }
        if (!(cost > 0)) {
            throw new IllegalArgumentException("a GPU's cost must be positive, not " + cost);
        }
    }

    public String name() {
        return profile.name();
    }
}
