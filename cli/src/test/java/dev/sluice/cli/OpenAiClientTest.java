package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official OpenAI Java client against {@code sluice serve}: it parses every response and error it gets. */
@Timeout(60)
class OpenAiClientTest {
    static Http http;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        http = new Http(
                "--tier", "32768=2", "--speedup-ratio", "10000", "--num-gpu-blocks", "2048", "--block-size", "16");
        client = OpenAIOkHttpClient.builder()
                .baseUrl(http.base + "/v1")
                .apiKey("unused")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        http.close();
    }

    @Test
    @SuppressWarnings("deprecation") // seed and system_fingerprint are deprecated by OpenAI but still sent by clients
    void chatCompletion() {
        ChatCompletion c = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("Qwen/Qwen3-0.6B")
                        .addSystemMessage("Be brief.")
                        .addUserMessage("Hello!")
                        .maxCompletionTokens(6)
                        .temperature(0.7)
                        .seed(3)
                        .build());
        assertThat(c.id()).startsWith("chatcmpl-");
        assertThat(c.model()).isEqualTo("Qwen/Qwen3-0.6B");
        assertThat(c.choices()).hasSize(1);
        assertThat(c.choices().getFirst().message().content()).isPresent();
        assertThat(c.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(6);
        assertThat(c.systemFingerprint()).isPresent();
    }

    @Test
    void streamingChatWithUsage() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("Qwen/Qwen3-0.6B")
                        .addUserMessage("Tell me a story")
                        .maxCompletionTokens(12)
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks.stream()
                        .filter(c -> !c.choices().isEmpty()
                                && c.choices().getFirst().finishReason().isPresent()))
                .hasSize(1);
        assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isEqualTo(12);
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        assertThat(text).isNotEmpty();
    }

    @Test
    void textCompletion() {
        Completion c = client.completions()
                .create(CompletionCreateParams.builder()
                        .model("Qwen/Qwen3-0.6B")
                        .prompt("Once upon a time")
                        .maxTokens(4)
                        .build());
        assertThat(c.choices().getFirst().text()).isNotEmpty();
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(4);
    }

    @Test
    void errorsAreTypedByTheClient() {
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("no-such-model")
                                .addUserMessage("x")
                                .build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("Qwen/Qwen3-0.6B")
                                .addUserMessage("x")
                                .n(2)
                                .build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("'n'");
    }

    @Test
    void modelsList() {
        var models = client.models().list();
        assertThat(models.data()).extracting(m -> m.id()).containsExactly("Qwen/Qwen3-0.6B");
        assertThat(models.data().getFirst().ownedBy()).isEqualTo("sluice");
    }
}
