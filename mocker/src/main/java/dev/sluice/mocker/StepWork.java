package dev.sluice.mocker;

/**
 * The work of one engine step, as a timing model needs it. Prefill chunks: {@code prefillTokens} new tokens in all,
 * {@code prefillContextProduct} = Σ n·c and {@code prefillSquare} = Σ n² over chunks of n new tokens after c tokens
 * already in context (attention work), {@code prefillContextTokens} = Σ c (KV read). Decode: {@code decodeSeqs}
 * sequences attending {@code decodeContextTokens} KV tokens in all. {@code kvUsage} is the fraction of the KV cache
 * in use.
 */
public record StepWork(
        long prefillTokens,
        long prefillContextProduct,
        long prefillSquare,
        long prefillContextTokens,
        int decodeSeqs,
        long decodeContextTokens,
        double kvUsage) {
    public boolean isEmpty() {
        return prefillTokens == 0 && decodeSeqs == 0;
    }

    /** A step of one prefill chunk of {@code tokens} after {@code context} tokens. */
    public static StepWork prefill(long tokens, long context) {
        return new StepWork(tokens, tokens * context, tokens * tokens, context, 0, 0, 0);
    }

    /** A decode step of {@code seqs} sequences attending {@code contextTokens} tokens, at KV usage {@code usage}. */
    public static StepWork decode(int seqs, long contextTokens, double usage) {
        return new StepWork(0, 0, 0, 0, seqs, contextTokens, usage);
    }
}
