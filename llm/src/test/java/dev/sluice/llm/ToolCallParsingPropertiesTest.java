package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The streaming tool-call parser against a simple reference: for generated text (words, white space, calls, malformed
 * blocks, stray and partial tags) cut into random pieces, the calls are exactly the well-formed blocks in order, the
 * content is everything else (compared without white space, whose placement the unit tests pin), and the result does
 * not depend on where the text was cut.
 */
class ToolCallParsingPropertiesTest {
    /** A piece of generated text: what it is, and what the reference expects of it. */
    record Segment(String text, String callName, boolean last) {}

    @Provide
    Arbitrary<Segment> segments() {
        Arbitrary<Segment> words = Arbitraries.strings()
                .withChars("abc é字.{}\"")
                .ofMinLength(1)
                .ofMaxLength(6)
                .map(t -> new Segment(t, null, false));
        Arbitrary<Segment> space = Arbitraries.of(" ", "\n", "\n\n", "  \t").map(t -> new Segment(t, null, false));
        Arbitrary<Segment> call = Combinators.combine(
                        Arbitraries.of("get_weather", "f", "数"),
                        Arbitraries.of("", "\n", " "),
                        Arbitraries.of("{\"city\": \"Paris\"}", "\"{}\"", "{\"a\": [1, {\"b\": \"</tool\"}]}"))
                .as((name, pad, args) -> new Segment(
                        "<tool_call>" + pad + "{\"name\": \"" + name + "\", \"arguments\": " + args + "}" + pad
                                + "</tool_call>",
                        name,
                        false));
        Arbitrary<Segment> malformed = Arbitraries.of(
                        "<tool_call>{oops}</tool_call>",
                        "<tool_call>{\"arguments\": {}}</tool_call>",
                        "<tool_call>[1]</tool_call>",
                        "</tool_call>",
                        "<tool",
                        "1 < 2",
                        "<tool_cal")
                .map(t -> new Segment(t, null, false));
        Arbitrary<Segment> unterminated =
                Arbitraries.of("<tool_call>{\"name\": \"g\"", "<tool_call>").map(t -> new Segment(t, null, true));
        return Arbitraries.frequencyOf(
                Tuple.of(5, words),
                Tuple.of(4, space),
                Tuple.of(3, call),
                Tuple.of(2, malformed),
                Tuple.of(1, unterminated));
    }

    @Property(tries = 500)
    void callsAreTheWellFormedBlocksAndEverythingElseIsContent(
            @ForAll @Size(max = 12) List<@From("segments") Segment> generated,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 400) Integer> cuts) {
        List<Segment> segments = new ArrayList<>();
        for (Segment s : generated) {
            segments.add(s);
            if (s.last()) {
                break;
            }
        }
        String text = String.join("", segments.stream().map(Segment::text).toList());
        List<String> expectedNames = segments.stream()
                .filter(s -> s.callName() != null)
                .map(Segment::callName)
                .toList();
        String expectedContent = noSpace(String.join(
                "",
                segments.stream()
                        .filter(s -> s.callName() == null)
                        .map(Segment::text)
                        .toList()));

        HermesToolCallParserTest.Result whole = HermesToolCallParserTest.feed(List.of(text));
        HermesToolCallParserTest.Result split = HermesToolCallParserTest.feed(pieces(text, cuts));

        assertThat(split).isEqualTo(whole);
        assertThat(whole.calls()).extracting(ToolCall::name).containsExactlyElementsOf(expectedNames);
        assertThat(noSpace(whole.content())).isEqualTo(expectedContent);
    }

    private static List<String> pieces(String text, List<Integer> cuts) {
        List<Integer> at = new ArrayList<>(
                cuts.stream().map(c -> Math.min(c, text.length())).sorted().toList());
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int c : at) {
            out.add(text.substring(from, c));
            from = c;
        }
        out.add(text.substring(from));
        return out;
    }

    private static String noSpace(String s) {
        return s.replaceAll("\\s", "");
    }
}
