package dev.sluice.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HfTokenizerTest {
    private final Tokenizer qwen = TestModel.qwen3();

    @Test
    void roundTripsAsciiAndMultiByteText() {
        for (String text : new String[] {"Hello, world!", "héllo 世界 🚀", "  spaced\n\ttabs  "}) {
            assertThat(qwen.decode(qwen.encode(text, false), false)).isEqualTo(text);
        }
        assertThat(qwen.encode("Hello", false)).containsExactly(9707);
    }

    @Test
    void specialTokensInTextEncodeAsSingleIdsAndAreSkippable() {
        int[] ids = qwen.encode("<|im_start|>user", false);
        int imStart = qwen.tokenId("<|im_start|>").orElseThrow();
        assertThat(ids[0]).isEqualTo(imStart);
        assertThat(qwen.isSpecial(imStart)).isTrue();
        assertThat(qwen.decode(ids, true)).isEqualTo("user");
    }

    @Test
    void longInputsAreNotTruncated() {
        String text = "word ".repeat(40_000);
        int[] ids = qwen.encode(text, false);
        assertThat(ids.length).isGreaterThanOrEqualTo(40_000);
        assertThat(qwen.decode(ids, false)).isEqualTo(text);
    }

    @Test
    void ordinaryTokensExcludeAddedAndSpecialOnes() {
        int[] ordinary = qwen.ordinaryTokenIds();
        assertThat(ordinary).hasSize(151_643);
        assertThat(Arrays.stream(ordinary).noneMatch(qwen::isSpecial)).isTrue();
        assertThat(ordinary).doesNotContain(qwen.tokenId("<|im_end|>").orElseThrow());
        assertThat(qwen.vocabSize()).isGreaterThan(151_643);
    }

    @Test
    void aMissingTokenizerFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> Tokenizers.load(dir)).hasMessageContaining("no tokenizer.json in " + dir);
    }
}
