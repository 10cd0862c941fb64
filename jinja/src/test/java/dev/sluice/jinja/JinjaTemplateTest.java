package dev.sluice.jinja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JinjaTemplateTest {
    private static String render(String template, Map<String, ?> context) {
        return JinjaTemplate.parse(template).render(context);
    }

    private static String render(String template) {
        return render(template, Map.of());
    }

    @Test
    void whitespaceControlAndBlockTrimming() {
        assertThat(render("a  {%- if true -%}  b  {%- endif -%}  c")).isEqualTo("abc");
        assertThat(render("{% if true %}\nx\n{% endif %}\n")).isEqualTo("x\n");
        assertThat(render("  {% if true %}y{% endif %}")).isEqualTo("y");
        assertThat(render("a {#- comment -#} b")).isEqualTo("ab");
    }

    @Test
    void loopsWithLoopVariablesElseAndFilter() {
        assertThat(render("{% for x in xs %}{{ loop.index }}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}",
                        Map.of("xs", List.of("a", "b", "c"))))
                .isEqualTo("1a,2b,3c");
        assertThat(render("{% for x in [] %}x{% else %}empty{% endfor %}")).isEqualTo("empty");
        assertThat(render("{% for x in range(6) if x is even %}{{ x }}{% endfor %}")).isEqualTo("024");
        assertThat(render("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}")).isEqualTo("a=1;b=2;");
        assertThat(render("{% for x in range(5) %}{% if x == 3 %}{% break %}{% endif %}{{ x }}{% endfor %}")).isEqualTo("012");
    }

    @Test
    void namespaceSurvivesLoopScopesWhilePlainSetDoesNot() {
        assertThat(render("{% set ns = namespace(n=0) %}{% set m = 0 %}{% for i in range(3) %}{% set ns.n = ns.n + i %}"
                        + "{% set m = m + 1 %}{% endfor %}{{ ns.n }} {{ m }}"))
                .isEqualTo("3 0");
    }

    @Test
    void slicingLikePython() {
        Map<String, ?> ctx = Map.of("xs", List.of(1, 2, 3, 4), "s", "héllo");
        assertThat(render("{{ xs[::-1] }}|{{ xs[1:3] }}|{{ xs[-1] }}|{{ s[1:] }}|{{ s[::-1] }}", ctx))
                .isEqualTo("[4, 3, 2, 1]|[2, 3]|4|éllo|olléh");
    }

    @Test
    void stringMethodsAndFilters() {
        assertThat(render("{{ '  x  '.strip() }}|{{ 'a</think>b'.split('</think>')[-1] }}|{{ '\\nab'.lstrip('\\n') }}"
                        + "|{{ 'abc'.startswith('ab') }}|{{ 'A b' | lower }}|{{ [1, 2] | length }}|{{ ['a', 'b'] | join('-') }}"))
                .isEqualTo("x|b|ab|true|a b|2|a-b");
        assertThat(render("{{ {'k': 'é', 'n': [1, 2.5, none, true]} | tojson }}")).isEqualTo("{\"k\": \"é\", \"n\": [1, 2.5, null, true]}");
        assertThat(render("{{ {'a': [1]} | tojson(indent=2) }}")).isEqualTo("{\n  \"a\": [\n    1\n  ]\n}");
        assertThat(render("{{ missing | default('d') }}|{{ 3 // 2 }}|{{ 7 % 3 }}|{{ 1 / 2 }}|{{ 'ab' ~ 1 }}"))
                .isEqualTo("d|1|1|0.5|ab1");
    }

    @Test
    void testsAndUndefined() {
        assertThat(render("{{ x is defined }}|{{ y is string }}|{{ none is none }}|{{ x.y.z }}|{{ 2 is odd }}",
                        Map.of("y", "s")))
                .isEqualTo("false|true|true||false");
    }

    @Test
    void macros() {
        assertThat(render("{% macro greet(name, p='!') %}hi {{ name }}{{ p }}{% endmacro %}{{ greet('bob') }}{{ greet('al', p='?') }}"))
                .isEqualTo("hi bob!hi al?");
    }

    @Test
    void errorsNameTheLineAndTheProblem() {
        assertThatThrownBy(() -> JinjaTemplate.parse("line one\n{% if x %}\nno end"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("endif");
        assertThatThrownBy(() -> JinjaTemplate.parse("a\nb {{ x | \n}}")).hasMessageContaining("line 3");
        assertThatThrownBy(() -> render("{{ raise_exception('Only user and assistant roles are supported') }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Only user and assistant roles are supported");
        assertThatThrownBy(() -> render("x\n{{ 1 | nosuchfilter }}")).hasMessageContaining("unknown filter 'nosuchfilter'");
    }

    @Test
    void aParsedTemplateRendersConcurrently() throws Exception {
        JinjaTemplate t = JinjaTemplate.parse("{% for m in messages %}{{ m.content }}{% endfor %}");
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 8; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int j = 0; j < 200; j++) {
                    if (t.render(Map.of("messages", List.of(Map.of("content", "m" + n)))).equals("m" + n)) {
                        ok.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(ok).hasValue(1600);
    }
}
