package dev.sluice.bench;

import dev.sluice.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Text prompts of a given length in tokens, for servers that take text. The vocabulary is the model's tokens that
 * are one space and a word of ASCII letters and that encode back to themselves alone; since tokenizers split text
 * at spaces before merging, a sequence of such tokens decodes to text that encodes to the same number of tokens (the
 * server's chat template adds its own few). Blocks of the workload's {@code hash_ids} map to equal text, as
 * {@link PromptBuilder} maps them to equal token ids, so shared prefixes stay shared.
 */
public final class TextPrompts {
    private static final Pattern WORD = Pattern.compile(" [A-Za-z]+");
    private static final int MIN_VOCABULARY = 100;
    private static final int BATCH = 64;

    private final Tokenizer tokenizer;
    private final int[] vocabulary;
    private final PromptBuilder indexes;

    public TextPrompts(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        int[] words = Arrays.stream(tokenizer.ordinaryTokenIds())
                .parallel()
                .filter(id ->
                        WORD.matcher(tokenizer.decode(new int[] {id}, true)).matches())
                .toArray();
        this.vocabulary = IntStream.range(0, (words.length + BATCH - 1) / BATCH)
                .parallel()
                .flatMap(b -> roundTrips(
                        tokenizer, Arrays.copyOfRange(words, b * BATCH, Math.min(words.length, (b + 1) * BATCH))))
                .toArray();
        if (vocabulary.length < MIN_VOCABULARY) {
            throw new IllegalArgumentException("the tokenizer has only " + vocabulary.length
                    + " tokens that are a space and a word; text prompts need at least " + MIN_VOCABULARY);
        }
        this.indexes = new PromptBuilder(0, vocabulary.length);
    }

    /** The ids whose text encodes back to them alone: a whole batch at once when it does, else one by one. */
    private static IntStream roundTrips(Tokenizer tokenizer, int[] ids) {
        if (Arrays.equals(tokenizer.encode(tokenizer.decode(ids, true), false), ids)) {
            return IntStream.of(ids);
        }
        return IntStream.of(ids)
                .filter(id ->
                        Arrays.equals(tokenizer.encode(tokenizer.decode(new int[] {id}, true), false), new int[] {id}));
    }

    /** The text of request {@code requestSeed}'s prompt: {@code r.inputLength()} tokens of words. */
    public String prompt(TraceRequest r, long requestSeed) {
        int[] ids = indexes.prompt(r, requestSeed);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary[ids[i]];
        }
        return tokenizer.decode(ids, true);
    }

    int vocabularySize() {
        return vocabulary.length;
    }
}
