package dev.sluice.jinja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real chat templates (Qwen3, Llama 3.1, DeepSeek V3, Gemma 3) rendered over real conversation shapes must be
 * byte-identical to the reference renderer's output, committed under {@code conformance/expected} by
 * {@code scripts/regen-chat-template-fixtures}. Where the reference fails, ours must fail too.
 */
class ChatTemplateConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path root() throws URISyntaxException {
        return Path.of(ChatTemplateConformanceTest.class.getResource("/conformance").toURI());
    }

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> out = new ArrayList<>();
        Path root = root();
        try (Stream<Path> models = Files.list(root.resolve("expected"))) {
            for (Path model : models.sorted().toList()) {
                try (Stream<Path> files = Files.list(model)) {
                    files.sorted().forEach(f -> out.add(Arguments.of(model.getFileName().toString(), f.getFileName().toString())));
                }
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(4 * 12);
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rendersLikeTheReference(String model, String expectedFile) throws Exception {
        Path root = root();
        String name = expectedFile.replaceAll("\\.(txt|error)$", "");
        JinjaTemplate template = JinjaTemplate.parse(Files.readString(root.resolve("templates/" + model + ".jinja")));
        Map<String, Object> context = new LinkedHashMap<>(read(root.resolve("conversations/" + name + ".json")));
        context.putAll(read(root.resolve("templates/" + model + ".tokens.json")));
        Path expected = root.resolve("expected/" + model + "/" + expectedFile);
        if (expectedFile.endsWith(".error")) {
            assertThatThrownBy(() -> template.render(context)).isInstanceOf(TemplateException.class);
        } else {
            assertThat(template.render(context)).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Map.class);
    }
}
