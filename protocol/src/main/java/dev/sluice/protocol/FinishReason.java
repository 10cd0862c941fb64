package dev.sluice.protocol;

/** Why a sequence stopped. {@link #CONTEXT_LIMIT} is internal: the worker's tier is full and the sequence may migrate. */
public enum FinishReason {
    /** A stop string or stop token matched. */
    STOP,
    /** {@code max_tokens} reached. */
    LENGTH,
    /** The model emitted its end-of-sequence token. */
    EOS,
    CANCELLED,
    ERROR,
    /** The sequence reached the worker's {@code this_seqlen}. */
    CONTEXT_LIMIT;

    /** The {@code finish_reason} a client sees. */
    public String openAiName() {
        return switch (this) {
            case STOP, EOS -> "stop";
            case LENGTH, CONTEXT_LIMIT -> "length";
            case CANCELLED -> "cancelled";
            case ERROR -> "error";
        };
    }
}
