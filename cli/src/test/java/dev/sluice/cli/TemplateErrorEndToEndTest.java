package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A chat template that refuses a conversation answers 400 with the template's own message, never a 500. */
@Timeout(60)
class TemplateErrorEndToEndTest {
    @Test
    void aTemplateErrorIsA400NamingIt(@TempDir Path dir) throws Exception {
        Files.copy(TestModel.directory().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(
                dir.resolve("tokenizer_config.json"),
                "{\"eos_token\": \"<|im_end|>\", \"chat_template\": "
                        + "\"{% if messages[0]['role'] != 'user' %}{{ raise_exception('Conversations must start with a user message') }}"
                        + "{% endif %}{% for m in messages %}{{ m['content'] }}{% endfor %}\"}");
        try (Http http = new HttpAt(dir)) {
            var res = http.post(
                    "/v1/chat/completions",
                    "{\"model\":\"Qwen/Qwen3-0.6B\",\"messages\":[{\"role\":\"system\","
                            + "\"content\":\"x\"},{\"role\":\"user\",\"content\":\"y\"}]}");
            assertThat(res.statusCode()).isEqualTo(400);
            JsonNode error = ServeEndToEndTest.JSON.readTree(res.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("chat_template_error");
            assertThat(error.path("message").asText()).contains("Conversations must start with a user message");
            var ok = http.post(
                    "/v1/chat/completions",
                    "{\"model\":\"Qwen/Qwen3-0.6B\",\"max_tokens\":2,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"y\"}]}");
            assertThat(ok.statusCode()).isEqualTo(200);
        }
    }

    /** {@link Http} over another model directory. */
    static final class HttpAt extends Http {
        HttpAt(Path modelDir) {
            super(
                    "--model-path",
                    modelDir.toString(),
                    "--context-length",
                    "4096",
                    "--speedup-ratio",
                    "10000",
                    "--num-gpu-blocks",
                    "256",
                    "--block-size",
                    "16");
        }
    }
}
