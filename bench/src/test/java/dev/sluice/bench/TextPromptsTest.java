package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TextPromptsTest {
    /** Even ids are " w<letters>" words; odd ids are fragments without a space, which text prompts must avoid. */
    static class WordTokenizer implements Tokenizer {
        static String text(int id) {
            StringBuilder letters = new StringBuilder();
            for (int n = id; n > 0 || letters.isEmpty(); n /= 26) {
                letters.append((char) ('a' + n % 26));
            }
            return id % 2 == 0 ? " w" + letters : "#" + letters;
        }

        @Override
        public int[] encode(String text, boolean addSpecialTokens) {
            List<Integer> ids = new ArrayList<>();
            for (String word : text.split("(?= )")) {
                ids.add(IntStream.range(0, vocabSize())
                        .filter(i -> text(i).equals(word))
                        .findFirst()
                        .orElse(-1));
            }
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public String decode(int[] ids, boolean skipSpecialTokens) {
            StringBuilder sb = new StringBuilder();
            for (int id : ids) {
                sb.append(text(id));
            }
            return sb.toString();
        }

        @Override
        public int vocabSize() {
            return 400;
        }

        @Override
        public OptionalInt tokenId(String token) {
            return OptionalInt.empty();
        }

        @Override
        public boolean isSpecial(int id) {
            return false;
        }

        @Override
        public int[] ordinaryTokenIds() {
            return IntStream.range(0, vocabSize()).toArray();
        }
    }

    @Test
    void promptsEncodeToTheirLengthAndShareTextWhereTheyShareBlocks() {
        WordTokenizer tokenizer = new WordTokenizer();
        TextPrompts prompts = new TextPrompts(tokenizer);
        assertThat(prompts.vocabularySize()).isEqualTo(200);
        String a = prompts.prompt(new TraceRequest(0, 700, 1, new long[] {4, 5}), 1);
        String b = prompts.prompt(new TraceRequest(0, 600, 1, new long[] {4, 6}), 2);
        assertThat(tokenizer.encode(a, false)).hasSize(700);
        assertThat(IntStream.of(tokenizer.encode(a, false)).allMatch(id -> id % 2 == 0))
                .isTrue();
        assertThat(tokenizer.encode(b, false)).hasSize(600);
        String firstBlock = tokenizer.decode(java.util.Arrays.copyOf(tokenizer.encode(a, false), 512), true);
        assertThat(b).startsWith(firstBlock);
        assertThat(a.substring(firstBlock.length())).isNotEqualTo(b.substring(firstBlock.length()));
    }

    @Test
    void aTokenizerWithoutWordsIsRefusedWithTheReason() {
        Tokenizer fragments = new WordTokenizer() {
            @Override
            public int[] ordinaryTokenIds() {
                return IntStream.range(0, 100).map(i -> 2 * i + 1).toArray();
            }
        };
        assertThatThrownBy(() -> new TextPrompts(fragments))
                .hasMessageContaining("only 0 tokens that are a space and a word");
    }
}
