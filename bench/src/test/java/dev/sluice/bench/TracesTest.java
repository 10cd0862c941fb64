package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracesTest {
    @Test
    void parsesMooncakeLines() throws Exception {
        String text = "{\"timestamp\": 0, \"input_length\": 1000, \"output_length\": 6, \"hash_ids\": [0, 1]}\n\n"
                + "{\"timestamp\": 27, \"input_length\": 600, \"output_length\": 9, \"hash_ids\": [0, 2]}\n";
        List<TraceRequest> t = Traces.parseMooncake(new StringReader(text), "t.jsonl", 100);
        assertThat(t)
                .containsExactly(
                        new TraceRequest(0, 1000, 6, new long[] {0, 1}),
                        new TraceRequest(27, 600, 9, new long[] {0, 2}));
        assertThat(Traces.parseMooncake(new StringReader(text), "t.jsonl", 1)).hasSize(1);
    }

    @Test
    void aBadLineIsNamedByItsNumber() {
        String text = "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 6, \"hash_ids\": [0]}\n"
                + "{\"timestamp\": 1, \"input_length\": \"ten\", \"output_length\": 6, \"hash_ids\": [0]}\n";
        assertThatThrownBy(() -> Traces.parseMooncake(new StringReader(text), "t.jsonl", 100))
                .hasMessage("t.jsonl line 2: 'input_length' must be an integer, not \"ten\"");
        assertThatThrownBy(() -> Traces.parseMooncake(new StringReader("{oops\n"), "t.jsonl", 100))
                .hasMessageStartingWith("t.jsonl line 1:");
        assertThatThrownBy(() ->
                        Traces.parseMooncake(new StringReader("{\"timestamp\": 0, \"output_length\": 1}"), "x", 9))
                .hasMessage("x line 1: missing 'input_length'");
    }

    @Test
    void syntheticWorkloadsShareTheirPrefixAndArriveAtTheRate() {
        List<TraceRequest> w = Traces.synthetic(2000, 50, 2048, 2048, 10, 20, 0.5, 7);
        assertThat(w).allSatisfy(r -> assertThat(r.hashIds()).startsWith(0, 1));
        assertThat(w.get(0).hashIds()[2]).isNotEqualTo(w.get(1).hashIds()[2]);
        double seconds = w.getLast().timestampMillis() / 1000.0;
        assertThat(2000 / seconds).isBetween(45.0, 55.0);
    }

    @Test
    void promptsHaveExactLengthsAndEqualIdsGiveEqualBlocks() {
        PromptBuilder b = new PromptBuilder(100, 5000);
        int[] a = b.prompt(new TraceRequest(0, 1200, 1, new long[] {5, 6, 7}), 1);
        int[] c = b.prompt(new TraceRequest(0, 700, 1, new long[] {5, 9}), 2);
        int[] d = b.prompt(new TraceRequest(0, 2000, 1, new long[] {5}), 3);
        assertThat(a).hasSize(1200);
        assertThat(c).hasSize(700);
        assertThat(d).hasSize(2000);
        assertThat(Arrays.copyOf(a, 512)).isEqualTo(Arrays.copyOf(c, 512)).isEqualTo(Arrays.copyOf(d, 512));
        assertThat(Arrays.copyOfRange(a, 512, 700)).isNotEqualTo(Arrays.copyOfRange(c, 512, 700));
        assertThat(Arrays.stream(a).allMatch(t -> t >= 100 && t < 5000)).isTrue();
    }
}
