package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HermesToolCallParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HermesToolCallParser parser = newParser();

    /** A parser whose call ids count up from call_1. */
    static HermesToolCallParser newParser() {
        AtomicInteger ids = new AtomicInteger();
        return new HermesToolCallParser(JSON, () -> "call_" + ids.incrementAndGet());
    }

    /** Content and calls of the whole text, fed to a new parser in the given pieces. */
    static Result feed(List<String> pieces) {
        HermesToolCallParser parser = newParser();
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (String piece : pieces) {
            HermesToolCallParser.Output out = parser.push(piece);
            content.append(out.content());
            calls.addAll(out.calls());
        }
        content.append(parser.finish());
        return new Result(content.toString(), calls);
    }

    private static Result feed(String... pieces) {
        return feed(List.of(pieces));
    }

    record Result(String content, List<ToolCall> calls) {}

    @Test
    void callsBecomeToolCallsAndTheTextAroundThemContent() {
        Result r =
                feed("Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
                        + "</tool_call>\n<tool_call>{\"name\": \"get_time\", \"arguments\": \"{}\"}</tool_call>");
        assertThat(r.content()).isEqualTo("Let me check.");
        assertThat(r.calls())
                .containsExactly(
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_2", "get_time", "{}"));
    }

    @Test
    void aCallWithoutArgumentsHasAnEmptyObject() {
        assertThat(feed("<tool_call>{\"name\": \"now\"}</tool_call>").calls())
                .containsExactly(new ToolCall("call_1", "now", "{}"));
    }

    @Test
    void textThatIsNotACallStaysExactlyAsGenerated() {
        assertThat(feed("no calls here ").content()).isEqualTo("no calls here ");
        assertThat(feed("a <tool_call>{not json}</tool_call> b").content())
                .isEqualTo("a <tool_call>{not json}</tool_call> b");
        assertThat(feed("<tool_call>{\"arguments\": {}}</tool_call>").content())
                .isEqualTo("<tool_call>{\"arguments\": {}}</tool_call>");
        assertThat(feed("x <tool_call>{\"name\": \"f\", \"argum").content())
                .as("the text ended inside a call")
                .isEqualTo("x <tool_call>{\"name\": \"f\", \"argum");
        assertThat(feed("1 < 2 and <tool").content()).isEqualTo("1 < 2 and <tool");
    }

    @Test
    void contentPassesAtOnceButAPossibleTagStartWaits() {
        assertThat(parser.push("Hello").content()).isEqualTo("Hello");
        assertThat(parser.push(" wor").content()).isEqualTo(" wor");
        assertThat(parser.push("ld <tool").content())
                .as("'<tool' may open a call")
                .isEqualTo("ld");
        assertThat(parser.push("s are fun").content()).isEqualTo(" <tools are fun");
        HermesToolCallParser.Output call = parser.push(" <tool_call>{\"name\": \"f\"}</tool_call>");
        assertThat(call.content()).isEmpty();
        assertThat(call.calls()).extracting(ToolCall::name).containsExactly("f");
        assertThat(parser.push("\n").content()).as("white space after a call").isEmpty();
        assertThat(parser.push("done").content())
                .as("the space before the call separates the text around it")
                .isEqualTo(" done");
        assertThat(parser.finish()).isEmpty();
    }

    @Test
    void everySplitOfTheTextGivesTheSameResult() {
        String text = "Sure. <tool_call>{\"name\": \"a\", \"arguments\": {\"x\": [1, 2]}}</tool_call>\n"
                + "<tool_call>{bad}</tool_call> then <tool_call>{\"name\": \"b\"}</tool_call>  end \n";
        Result whole = feed(text);
        for (int cut = 0; cut <= text.length(); cut++) {
            Result split = feed(text.substring(0, cut), text.substring(cut));
            assertThat(split).as("split at %d", cut).isEqualTo(whole);
        }
        assertThat(whole.content()).isEqualTo("Sure. <tool_call>{bad}</tool_call> then end \n");
        assertThat(whole.calls()).extracting(ToolCall::name).containsExactly("a", "b");
    }
}
