package dev.sluice.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.protocol.SluiceException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiRequestParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode j(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void parsesAChatRequestWithExtensions() {
        ChatRequest r = OpenAiRequestParser.chat(j("{'model':'m','messages':[{'role':'user','content':'hi'}],"
                + "'max_completion_tokens':5,'max_tokens':9,'stop':'x','stream':true,'stream_options':{'include_usage':true},"
                + "'seed':3,'sluice':{'annotations':['worker'],'worker':12}}"));
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.messages()).hasSize(1);
        assertThat(r.params().maxTokens()).hasValue(5);
        assertThat(r.params().stop()).containsExactly("x");
        assertThat(r.params().includeUsage()).isTrue();
        assertThat(r.params().seed()).hasValue(3);
        assertThat(r.params().annotations()).containsExactly("worker");
        assertThat(r.params().pinnedWorker()).hasValue(12);
    }

    @Test
    void textPartsAreJoined() {
        ChatRequest r = OpenAiRequestParser.chat(j("{'model':'m','messages':[{'role':'user','content':"
                + "[{'type':'text','text':'a'},{'type':'text','text':'b'}]}]}"));
        assertThat(r.messages().getFirst()).containsEntry("content", "ab");
    }

    @Test
    void nullContentBesideToolCallsBecomesEmptyText() {
        ChatRequest r = OpenAiRequestParser.chat(
                j(
                        "{'model':'m','messages':[{'role':'user','content':'hi'},"
                                + "{'role':'assistant','content':null,'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{}'}}]}]}"));
        assertThat(r.messages().get(1)).containsEntry("content", "").containsKey("tool_calls");
    }

    @Test
    void toolCallArgumentsSentAsJsonTextReachTheTemplateAsObjects() {
        ChatRequest r = OpenAiRequestParser.chat(j("{'model':'m','messages':[{'role':'user','content':'hi'},"
                + "{'role':'assistant','content':'','tool_calls':["
                + "{'id':'a','type':'function','function':{'name':'f','arguments':'{\\'city\\': \\'Paris\\'}'}},"
                + "{'id':'b','type':'function','function':{'name':'g','arguments':''}},"
                + "{'id':'c','type':'function','function':{'name':'h','arguments':'not json'}},"
                + "{'id':'d','type':'function','function':{'name':'k','arguments':{'x':1}}}]}]}"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> calls =
                (List<Map<String, Object>>) r.messages().get(1).get("tool_calls");
        assertThat(calls)
                .extracting(c -> (Object) ((Map<?, ?>) c.get("function")).get("arguments"))
                .containsExactly(Map.of("city", "Paris"), Map.of(), "not json", Map.of("x", 1));
    }

    @Test
    void reasoningEffortReachesTheTemplateUnlessItsKwargsSayOtherwise() {
        String messages = "'model':'m','messages':[{'role':'user','content':'hi'}]";
        assertThat(OpenAiRequestParser.chat(j("{" + messages + ",'reasoning_effort':'high'}"))
                        .chatTemplateKwargs())
                .containsEntry("reasoning_effort", "high");
        assertThat(OpenAiRequestParser.chat(j("{" + messages
                                + ",'reasoning_effort':'high','chat_template_kwargs':{'reasoning_effort':'low'}}"))
                        .chatTemplateKwargs())
                .containsEntry("reasoning_effort", "low");
        assertThatThrownBy(() -> OpenAiRequestParser.chat(j("{" + messages + ",'reasoning_effort':'max'}")))
                .isInstanceOfSatisfying(
                        SluiceException.class, e -> assertThat(e.param()).hasValue("reasoning_effort"));
    }

    @Test
    void completionPromptsAsTextOrTokens() {
        assertThat(OpenAiRequestParser.completion(j("{'model':'m','prompt':'hi'}"))
                        .prompt())
                .isEqualTo(new CompletionRequest.Prompt.Text("hi"));
        assertThat(OpenAiRequestParser.completion(j("{'model':'m','prompt':[1,2,3]}"))
                        .prompt())
                .isEqualTo(new CompletionRequest.Prompt.Tokens(new int[] {1, 2, 3}));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'messages':[{'role':'user','content':'x'}]}|model",
                "{'model':3,'messages':[{'role':'user','content':'x'}]}|model",
                "{'model':'m'}|messages",
                "{'model':'m','messages':[]}|messages",
                "{'model':'m','messages':'hi'}|messages",
                "{'model':'m','messages':[{'content':'x'}]}|messages[0].role",
                "{'model':'m','messages':[{'role':'wizard','content':'x'}]}|messages[0].role",
                "{'model':'m','messages':[{'role':'user','content':5}]}|messages[0].content",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':-1}|max_tokens",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':0}|max_tokens",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':1e12}|max_tokens",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':99999999999}|max_tokens",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':'5'}|max_tokens",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'temperature':3}|temperature",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'top_p':0}|top_p",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'n':2}|n",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'stop':[1]}|stop",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'stream':'yes'}|stream",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'response_format':{'type':'json_object'}}|response_format",
                "{'model':'m','messages':[{'role':'user','content':'x'}],'min_tokens':9,'max_tokens':3}|min_tokens",
            })
    void badChatRequestsNameTheOffendingParameter(String body, String param) {
        assertThatThrownBy(() -> OpenAiRequestParser.chat(j(body))).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.param()).contains(param);
            assertThat(e.code().httpStatus()).isEqualTo(400);
        });
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> OpenAiRequestParser.chat(j("[1,2]")))
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void badCompletionPrompts() {
        assertThatThrownBy(() -> OpenAiRequestParser.completion(j("{'model':'m'}")))
                .hasMessageContaining("prompt");
        assertThatThrownBy(() -> OpenAiRequestParser.completion(j("{'model':'m','prompt':[-1]}")))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> OpenAiRequestParser.completion(j("{'model':'m','prompt':{}}")))
                .hasMessageContaining("string or an array");
    }
}
