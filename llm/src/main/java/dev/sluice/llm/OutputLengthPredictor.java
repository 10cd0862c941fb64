package dev.sluice.llm;

/**
 * Predicts how many tokens a prompt will generate: a high quantile of the output lengths seen for prompts of its
 * length class (powers of two), with headroom, falling back to all prompts while a class has few samples and to a
 * prior before anything is seen. Lengths are kept in log-spaced histograms (four bins per doubling), so memory is
 * fixed and the answer depends only on what was observed, in any order.
 *
 * <p>Thread-safe: requests finish on many threads; the monitor guards the histograms.
 */
final class OutputLengthPredictor {
    /** Before any sample: a generous chat answer. */
    static final int PRIOR_TOKENS = 1024;

    static final double QUANTILE = 0.9;
    static final double HEADROOM = 1.25;
    static final int MIN_SAMPLES = 20;
    private static final int CLASSES = 32;
    private static final int BINS = 4 * 31;

    private final long[][] byClass = new long[CLASSES][BINS];
    private final long[] counts = new long[CLASSES];
    private final long[] all = new long[BINS];
    private long total;

    synchronized void observe(int promptTokens, int outputTokens) {
        if (outputTokens <= 0) {
            return;
        }
        int c = lengthClass(promptTokens);
        int b = bin(outputTokens);
        byClass[c][b]++;
        counts[c]++;
        all[b]++;
        total++;
    }

    /** Output tokens to expect for a prompt of {@code promptTokens}. */
    synchronized int predict(int promptTokens) {
        int c = lengthClass(promptTokens);
        if (counts[c] >= MIN_SAMPLES) {
            return withHeadroom(quantile(byClass[c], counts[c]));
        }
        if (total >= MIN_SAMPLES) {
            return withHeadroom(quantile(all, total));
        }
        return PRIOR_TOKENS;
    }

    private static int withHeadroom(double tokens) {
        return (int) Math.ceil(tokens * HEADROOM);
    }

    /** The upper edge of the bin holding the quantile. */
    private static double quantile(long[] bins, long count) {
        long need = (long) Math.ceil(QUANTILE * count);
        long seen = 0;
        for (int b = 0; b < bins.length; b++) {
            seen += bins[b];
            if (seen >= need) {
                return upperEdge(b);
            }
        }
        return upperEdge(bins.length - 1);
    }

    static int lengthClass(int promptTokens) {
        return Math.min(CLASSES - 1, 32 - Integer.numberOfLeadingZeros(Math.max(1, promptTokens)));
    }

    static int bin(int tokens) {
        return Math.min(BINS - 1, (int) Math.floor(4 * Math.log(tokens) / Math.log(2)));
    }

    static double upperEdge(int bin) {
        return Math.pow(2, (bin + 1) / 4.0);
    }
}
