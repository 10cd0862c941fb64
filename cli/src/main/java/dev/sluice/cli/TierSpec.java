package dev.sluice.cli;

/** One {@code --tier SEQLEN=WORKERS}: how many simulated decode workers hold sequences up to SEQLEN tokens. */
record TierSpec(int thisSeqlen, int workers) {
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
        try {
            if (eq < 0) {
                return new TierSpec(Integer.parseInt(text.strip()), 1);
            }
            return new TierSpec(
                    Integer.parseInt(text.substring(0, eq).strip()),
                    Integer.parseInt(text.substring(eq + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tier '" + text + "' is not SEQLEN=WORKERS, e.g. 8192=2");
        }
    }
}
