package dev.sluice.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ModelDirectoryTest {
    private final Tokenizer qwen = TestModel.qwen3();

    @Test
    void readsTheDefaultModel() {
        ModelDirectory m =
                ModelDirectory.load(TestModel.directory(), Optional.of("Qwen/Qwen3-0.6B"), Optional.of(32768), qwen);
        assertThat(m.servedName()).isEqualTo("Qwen/Qwen3-0.6B");
        assertThat(m.contextLength()).isEqualTo(32768);
        assertThat(m.chatTemplate()).hasValueSatisfying(t -> assertThat(t).contains("<|im_start|>"));
        assertThat(m.eosToken()).isEqualTo("<|im_end|>");
        assertThat(m.eosTokenIds()).containsExactly(qwen.tokenId("<|im_end|>").orElseThrow());
        assertThat(m.checksum()).hasSize(64);
    }

    @Test
    void layoutsAndPrecedence(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("tokenizer_config.json"),
                "{\"eos_token\":{\"content\":\"<|im_end|>\"},\"chat_template\":[{\"name\":\"tool_use\",\"template\":\"T\"},"
                        + "{\"name\":\"default\",\"template\":\"D\"}],\"model_max_length\":1000000000000000019884624838656}");
        Files.writeString(dir.resolve("config.json"), "{\"max_position_embeddings\":4096,\"eos_token_id\":[7,8]}");
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\":9}");
        ModelDirectory m = ModelDirectory.load(dir, Optional.empty(), Optional.empty(), qwen);
        assertThat(m.contextLength()).isEqualTo(4096);
        assertThat(m.chatTemplate()).contains("D");
        assertThat(m.servedName()).isEqualTo(dir.getFileName().toString());
        assertThat(m.eosTokenIds()).contains(7, 8, 9, qwen.tokenId("<|im_end|>").orElseThrow());

        Files.writeString(dir.resolve("chat_template.jinja"), "FILE");
        Files.writeString(dir.resolve("sluice-model.json"), "{\"served_model_name\":\"x/y\",\"context_length\":2048}");
        ModelDirectory n = ModelDirectory.load(dir, Optional.empty(), Optional.empty(), qwen);
        assertThat(n.chatTemplate()).contains("FILE");
        assertThat(n.servedName()).isEqualTo("x/y");
        assertThat(n.contextLength()).isEqualTo(2048);
    }

    @Test
    void errorsNameTheFileAndSetting(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ModelDirectory.load(dir, Optional.empty(), Optional.empty(), qwen))
                .hasMessageContaining("no tokenizer_config.json");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{}");
        assertThatThrownBy(() -> ModelDirectory.load(dir, Optional.empty(), Optional.empty(), qwen))
                .hasMessageContaining("pass --context-length");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{oops");
        assertThatThrownBy(() -> ModelDirectory.load(dir, Optional.empty(), Optional.of(5), qwen))
                .hasMessageContaining("cannot parse");
    }
}
