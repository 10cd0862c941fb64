package dev.sluice.jinja;

import static dev.sluice.jinja.Render.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Plain Java values in, callables in the context, and concurrent rendering of one parsed template. */
@Timeout(30)
class ContextTest {
    @Test
    void javaNumbersBecomeTemplateNumbersAsJsonNumbersDoInTheReference() {
        assertThat(render(
                        "{{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f | tojson }}",
                        "a",
                        1,
                        "b",
                        2L,
                        "c",
                        2.0,
                        "d",
                        new BigDecimal("0.25"),
                        "e",
                        1.5f,
                        "f",
                        List.of(3.0, (short) 4)))
                .isEqualTo("1 2 2 0.25 1.5 [3, 4]");
    }

    @Test
    void contextFunctionsAreCallableAndMayReplaceBuiltIns() {
        JinjaFunction add = (args, kwargs) -> ((Long) args.get(0)) + ((Long) kwargs.getOrDefault("plus", 0L));
        JinjaFunction today = (args, kwargs) -> "DATE(" + args.getFirst() + ")";
        assertThat(render("{{ add(1, plus=2) }} {{ strftime_now('%d %b') }}", "add", add, "strftime_now", today))
                .isEqualTo("3 DATE(%d %b)");
    }

    @Test
    void strftimeFormatsWhatTheReferenceFormats() {
        assertThat(Strftime.format("%Y-%m-%d %d %b %Y %B %H:%M %% %a", Fixtures.FIXED_TIME))
                .isEqualTo("2026-03-07 07 Mar 2026 March 09:05 % %a");
    }

    @Test
    void unsupportedContextValuesAreNamed() {
        assertThatThrownBy(() -> render("{{ x }}", "x", new Object()))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("context variable 'x': unsupported value of type java.lang.Object");
    }

    @Test
    void aFailingContextFunctionIsATemplateException() {
        JinjaFunction boom = (args, kwargs) -> {
            throw new IllegalStateException("boom");
        };
        assertThatThrownBy(() -> render("{{ f() }}", "f", boom))
                .isInstanceOf(TemplateException.class)
                .hasMessage("1:4: 'f' failed: java.lang.IllegalStateException: boom");
    }

    @Test
    @Timeout(30)
    void oneParsedTemplateRendersConcurrently() throws Exception {
        JinjaTemplate t =
                JinjaTemplate.parse("{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}"
                        + "{{ m.content }}{% endfor %}/{{ ns.n }}");
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String content = "m" + i;
            tasks.add(() -> t.render(Map.of("messages", List.of(Map.of("content", content), Map.of("content", "!"))))
                    .equals(content + "!/2"));
        }
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Boolean> f : executor.invokeAll(tasks)) {
                assertThat(f.get()).isTrue();
            }
        }
    }
}
