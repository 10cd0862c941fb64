package dev.sluice.tokenizer;

import java.util.OptionalInt;

/** A model's tokenizer: text to token ids and back. Implementations are thread-safe. */
public interface Tokenizer {
    int[] encode(String text, boolean addSpecialTokens);

    String decode(int[] ids, boolean skipSpecialTokens);

    /** One more than the largest token id. */
    int vocabSize();

    OptionalInt tokenId(String token);

    /** Whether the id is a special token (chat markers, EOS, padding), which is not text. */
    boolean isSpecial(int id);

    /** Ids of ordinary tokens: the model's vocabulary without added and special tokens. */
    int[] ordinaryTokenIds();
}
