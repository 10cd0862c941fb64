package dev.sluice.cli;

import java.util.Optional;

/**
 * One {@code --tier SEQLEN=WORKERS[:PROFILE]}: how many simulated decode workers hold sequences up to SEQLEN tokens,
 * and optionally the GPU profile they run on (else {@code --timing-profile}).
 */
record TierSpec(int thisSeqlen, int workers, Optional<String> profile) {
    TierSpec {
        if (thisSeqlen <= 0) {
            throw new IllegalArgumentException("tier seqlen " + thisSeqlen + " must be positive");
        }
        if (workers < 0) {
            throw new IllegalArgumentException("tier " + thisSeqlen + " has " + workers + " workers; must be >= 0");
        }
    }

    static TierSpec parse(String text) {
        int eq = text.indexOf('=');
        int colon = text.indexOf(':', Math.max(eq, 0));
        try {
            if (eq < 0) {
                return new TierSpec(Integer.parseInt(text.strip()), 1, Optional.empty());
            }
            String count = colon < 0 ? text.substring(eq + 1) : text.substring(eq + 1, colon);
            Optional<String> profile = colon < 0
                    ? Optional.empty()
                    : Optional.of(text.substring(colon + 1).strip());
            if (profile.isPresent() && profile.get().isEmpty()) {
                throw new IllegalArgumentException("--tier '" + text + "' names no profile after ':'");
            }
            return new TierSpec(
                    Integer.parseInt(text.substring(0, eq).strip()), Integer.parseInt(count.strip()), profile);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--tier '" + text + "' is not SEQLEN=WORKERS[:PROFILE], e.g. 8192=2 or 8192=2:a100-qwen3-8b");
        }
    }
}
