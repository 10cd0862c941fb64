package dev.sluice.jinja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small templates, one language feature or reference quirk each (conformance/snippets/cases.json), must render as
 * the reference rendered them (snippets/expected.json), or fail where it failed.
 */
@Timeout(60)
class SnippetConformanceTest {
    private static final Path DIR = Fixtures.root().resolve("snippets");

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases() {
        Map<String, Map<String, String>> expected = Fixtures.json(DIR.resolve("expected.json"), Map.class);
        List<Map<String, Object>> cases = Fixtures.json(DIR.resolve("cases.json"), List.class);
        assertThat(cases).hasSizeGreaterThan(100);
        return cases.stream()
                .map(c -> Arguments.of(
                        c.get("name"), c.get("template"), c.get("context"), expected.get((String) c.get("name"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeTheReference(
            String name, String source, Map<String, Object> context, Map<String, String> expected) {
        assertThat(expected).as("expectation for %s", name).isNotNull();
        if (expected.containsKey("output")) {
            String out = JinjaTemplate.parse(source).render(Fixtures.withFixedClock(context));
            assertThat(out).isEqualTo(expected.get("output"));
        } else {
            TemplateException e = catchThrowableOfType(TemplateException.class, () -> JinjaTemplate.parse(source)
                    .render(Fixtures.withFixedClock(context)));
            assertThat(e)
                    .as("the reference failed with: %s", expected.get("error"))
                    .isNotNull();
            Fixtures.assertSameFailure(e, expected.get("error"), source);
        }
    }
}
