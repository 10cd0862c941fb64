package dev.sluice.protocol;

/** What the response carries besides text: {@code logprobs} is the number of top log probs, -1 for none. */
public record OutputOptions(int logprobs, boolean echo) {
    public static final OutputOptions DEFAULT = new OutputOptions(-1, false);
}
