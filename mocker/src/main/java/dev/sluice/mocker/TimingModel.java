package dev.sluice.mocker;

/**
 * How long a simulated step takes on the GPU being modelled, in milliseconds, before {@code speedup_ratio} divides it.
 * A step's time is its prefill time (for the new, uncached prompt tokens it computes) plus its decode time (one token
 * for every running sequence), when it has any of each.
 */
public interface TimingModel {
    double prefillMillis(int newTokens);

    double decodeMillis(double kvUsage, int batchSize);

    /**
     * The default coefficients, those of Dynamo's mocker (fitted there to a vLLM worker on one GPU) so that results
     * compare: prefill {@code 4.209989e-7 T² + 1.518344e-2 T + 16.50142} ms for T new tokens, decode
     * {@code max(1, -25.74 p² + 54.01 p + 5.74)} ms at KV usage p.
     */
    TimingModel DEFAULT = new TimingModel() {
        @Override
        public double prefillMillis(int t) {
            return t <= 0 ? 0 : 4.209989e-7 * t * t + 1.518344e-2 * t + 16.50142;
        }

        @Override
        public double decodeMillis(double p, int batchSize) {
            return batchSize <= 0 ? 0 : Math.max(1, -25.74 * p * p + 54.01 * p + 5.74);
        }
    };
}
