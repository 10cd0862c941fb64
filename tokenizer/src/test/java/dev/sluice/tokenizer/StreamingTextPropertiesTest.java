package dev.sluice.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The detokenizer and stop matcher, driven token by token, against a simple reference: decode everything at once and
 * cut at the stop string that completes first.
 */
class StreamingTextPropertiesTest {
    private static final String[] PIECES = {
        "Hello", " world", "é", "世界", "🚀", "\n", "STOP", "ST", "OP", " the", "<|im_end|>", "!!", "ü", "😀😀", "end"
    };

    private final Tokenizer qwen = TestModel.qwen3();

    @Provide
    Arbitrary<Tuple.Tuple2<List<String>, List<String>>> textsAndStops() {
        Arbitrary<List<String>> text =
                Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(30);
        Arbitrary<List<String>> stops =
                Arbitraries.of("STOP", "世界", "d!", "lo w", "🚀\n", "xyz").list().ofMaxSize(2);
        return text.flatMap(t -> stops.map(s -> Tuple.of(t, s)));
    }

    @Property(tries = 200)
    void streamedTextEqualsTheReferenceAndNeverLeaks(
            @ForAll("textsAndStops") Tuple.Tuple2<List<String>, List<String>> input) {
        String full = String.join("", input.get1());
        int[] ids = qwen.encode(full, false);
        String reference = cut(qwen.decode(ids, true), input.get2());

        IncrementalDetokenizer detok = new IncrementalDetokenizer(qwen, true);
        StopStringMatcher matcher = new StopStringMatcher(input.get2());
        StringBuilder out = new StringBuilder();
        boolean stopped = false;
        for (int id : ids) {
            String piece = detok.push(id);
            assertThat(piece).doesNotContain("\uFFFD");
            StopStringMatcher.Result r = matcher.push(piece);
            out.append(r.text());
            if (r.stopped()) {
                stopped = true;
                break;
            }
        }
        if (!stopped) {
            StopStringMatcher.Result r = matcher.push(detok.flush());
            out.append(r.text());
            if (!r.stopped()) {
                out.append(matcher.flush());
            }
        }
        assertThat(out.toString()).isEqualTo(reference);
        for (String stop : input.get2()) {
            assertThat(out.toString()).doesNotContain(stop);
        }
    }

    /** The text before the stop string that ends first (the longest one when several end at the same place). */
    static String cut(String text, List<String> stops) {
        for (int end = 1; end <= text.length(); end++) {
            int bestStart = -1;
            for (String s : stops) {
                if (end >= s.length() && text.startsWith(s, end - s.length())) {
                    int start = end - s.length();
                    bestStart = bestStart < 0 ? start : Math.min(bestStart, start);
                }
            }
            if (bestStart >= 0) {
                return text.substring(0, bestStart);
            }
        }
        return text;
    }

    @Test
    void aStopStringSplitAcrossDeltasIsHeldBackAndDropped() {
        StopStringMatcher m = new StopStringMatcher(List.of("STOP"));
        assertThat(m.push("abc ST").text()).isEqualTo("abc ");
        StopStringMatcher.Result r = m.push("OP and more");
        assertThat(r.stopped()).isTrue();
        assertThat(r.text()).isEmpty();
    }

    @Test
    void heldTextIsReleasedWhenItStopsLookingLikeAStop() {
        StopStringMatcher m = new StopStringMatcher(List.of("STOP"));
        assertThat(m.push("ST").text()).isEmpty();
        assertThat(m.push("ART").text()).isEqualTo("START");
        assertThat(m.push("S").text()).isEmpty();
        assertThat(m.flush()).isEqualTo("S");
    }

    @Test
    void aCharacterSplitAcrossTokensIsEmittedWhole() {
        int[] ids = qwen.encode("𒀀", false);
        assertThat(ids.length).isGreaterThan(1);
        IncrementalDetokenizer d = new IncrementalDetokenizer(qwen, true);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            String piece = d.push(ids[i]);
            if (i < ids.length - 1) {
                assertThat(piece).isEmpty();
            }
            out.append(piece);
        }
        assertThat(out.toString()).isEqualTo("𒀀");
    }
}
