package dev.sluice.protocol;

import java.util.List;

/** The log probability of a sampled token and, when asked for, the most likely alternatives at that position. */
public record TokenLogprob(int tokenId, double logprob, List<Alternative> top) {
    public TokenLogprob {
        top = List.copyOf(top);
    }

    /** One alternative token at a position. */
    public record Alternative(int tokenId, double logprob) {}
}
