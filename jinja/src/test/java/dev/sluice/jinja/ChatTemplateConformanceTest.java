package dev.sluice.jinja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real chat templates (conformance/templates) rendered over every conversation (conformance/conversations) must be
 * byte-identical to what the reference renderer produced (conformance/expected/MODEL/CONVERSATION.txt); where the
 * reference failed (CONVERSATION.error) ours must fail too.
 */
@Timeout(60)
class ChatTemplateConformanceTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Path model : Fixtures.list(Fixtures.root().resolve("expected"))) {
            for (Path expected : Fixtures.list(model)) {
                out.add(Arguments.of(
                        model.getFileName().toString(), expected.getFileName().toString()));
            }
        }
        return out.stream();
    }

    @Test
    void everyModelHasAnExpectationForEveryConversation() {
        int conversations =
                Fixtures.list(Fixtures.root().resolve("conversations")).size();
        List<Path> models = Fixtures.list(Fixtures.root().resolve("expected"));
        assertThat(conversations).isGreaterThanOrEqualTo(12);
        assertThat(models)
                .extracting(p -> p.getFileName().toString())
                .contains("qwen3", "llama3_1", "deepseek_v3", "gemma3", "gptoss");
        models.forEach(m -> assertThat(Fixtures.list(m)).hasSize(conversations));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rendersLikeTheReference(String model, String expectedFile) {
        Path root = Fixtures.root();
        String source = Fixtures.read(root.resolve("templates/" + model + ".jinja"));
        String conversation = expectedFile.replaceFirst("\\.(txt|error)$", "");
        Map<String, Object> context = new LinkedHashMap<>();
        context.putAll(Fixtures.jsonObject(root.resolve("conversations/" + conversation + ".json")));
        context.putAll(Fixtures.jsonObject(root.resolve("templates/" + model + ".tokens.json")));
        JinjaTemplate template = JinjaTemplate.parse(source);
        String expected = Fixtures.read(root.resolve("expected/" + model + "/" + expectedFile));

        if (expectedFile.endsWith(".error")) {
            TemplateException e = catchThrowableOfType(
                    TemplateException.class, () -> template.render(Fixtures.withFixedClock(context)));
            assertThat(e).as("the reference failed with: %s", expected).isNotNull();
            Fixtures.assertSameFailure(e, expected, source);
        } else {
            assertThat(template.render(Fixtures.withFixedClock(context))).isEqualTo(expected);
        }
    }
}
