package dev.sluice.tokenizer;

import java.util.Arrays;

/**
 * Turns a stream of token ids into text deltas without ever emitting half a character. It keeps two offsets into
 * the ids it has seen (the technique of vLLM and TGI): text is decoded from {@code prefixOffset}, and a delta is
 * released only when the decoded window grows past what was already emitted and does not end in U+FFFD (an
 * incomplete UTF-8 sequence). Decoding from a few tokens back keeps word-boundary spaces right, and the window stays
 * short, so a token costs O(window), not O(sequence). Not thread-safe: one per sequence.
 */
public final class IncrementalDetokenizer {
    private static final char REPLACEMENT = '\uFFFD';

    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private int[] ids = new int[64];
    private int size;
    private int prefixOffset;
    private int readOffset;

    /** {@code promptTail}: the last few prompt tokens, so the first generated word gets its leading space right. */
    public IncrementalDetokenizer(Tokenizer tokenizer, boolean skipSpecialTokens, int[] promptTail) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
        for (int id : promptTail) {
            append(id);
        }
        prefixOffset = 0;
        readOffset = size;
    }

    public IncrementalDetokenizer(Tokenizer tokenizer, boolean skipSpecialTokens) {
        this(tokenizer, skipSpecialTokens, new int[0]);
    }

    private void append(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
    }

    /** Adds a token; returns the text that became stable (often empty). */
    public String push(int id) {
        append(id);
        String prefix = decode(prefixOffset, readOffset);
        String full = decode(prefixOffset, size);
        if (full.length() > prefix.length() && full.charAt(full.length() - 1) != REPLACEMENT) {
            prefixOffset = readOffset;
            readOffset = size;
            return full.substring(prefix.length());
        }
        return "";
    }

    /** Everything still held back, at the end of the sequence. */
    public String flush() {
        String prefix = decode(prefixOffset, readOffset);
        String full = decode(prefixOffset, size);
        prefixOffset = size;
        readOffset = size;
        return full.length() > prefix.length() ? full.substring(prefix.length()) : "";
    }

    private String decode(int from, int to) {
        return from >= to ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, to), skipSpecialTokens);
    }
}
