package dev.sluice.jinja;

import static dev.sluice.jinja.Render.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LoopsTest {
    @Test
    void loopVariables() {
        String t = "{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}"
                + "{{ loop.first }}/{{ loop.last }}/{{ loop.length }};{% endfor %}";
        assertThat(render(t, "xs", List.of("a", "b"))).isEqualTo("1021true/false/2;2110false/true/2;");
        assertThat(render("{% for x in [1, 2, 3] %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }} {% endfor %}"))
                .isEqualTo("<1>2 1<2>3 2<3> ");
    }

    @Test
    void filterAndElse() {
        assertThat(render("{% for x in range(10) if x % 3 == 0 %}{{ x }}/{{ loop.length }} {% endfor %}"))
                .isEqualTo("0/4 3/4 6/4 9/4 ");
        assertThat(render("{% for x in [] %}x{% else %}empty{% endfor %}")).isEqualTo("empty");
    }

    @Test
    void mappingsIterateKeysInOrderAndItemsUnpack() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("z", 1);
        d.put("a", 2);
        assertThat(render("{% for k in d %}{{ k }}{% endfor %}", "d", d)).isEqualTo("za");
        assertThat(render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "d", d))
                .isEqualTo("z=1;a=2;");
    }

    @Test
    void breakAndContinueDiscardTheOutputOfTheirIterationLikeTheReference() {
        assertThat(render("{% for x in range(6) %}{% if x == 1 %}{% continue %}{% endif %}"
                        + "{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"))
                .isEqualTo("023");
        assertThat(render("{% for x in range(3) %}<{{ x }}{% if x == 1 %}{% continue %}{% endif %}>{% endfor %}"))
                .isEqualTo("<0><2>");
    }

    @Test
    void oneScopeServesAllIterationsAndNothingLeaksOut() {
        assertThat(render("{% for x in range(3) %}{{ y }}{% set y = x %}{% endfor %}[{{ y }}]"))
                .isEqualTo("01[]");
        assertThat(render("{% set n = 0 %}{% for x in range(3) %}{% set n = n + x %}{% endfor %}{{ n }}"))
                .isEqualTo("0");
    }

    @Test
    void namespaceAttributesSurviveLoops() {
        assertThat(render("{% set ns = namespace(n=0, hit=false) %}{% for i in range(4) %}{% set ns.n = ns.n + i %}"
                        + "{% if i == 2 %}{% set ns.hit = true %}{% endif %}{% endfor %}{{ ns.n }} {{ ns.hit }}"))
                .isEqualTo("6 true");
    }

    @Test
    void onlyListsAndMappingsAreIterable() {
        assertThatThrownBy(() -> render("{% for c in 'abc' %}{% endfor %}"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("1:4: cannot loop over string; only a list or a mapping");
        assertThatThrownBy(() -> render("\n{% for a, b in [[1, 2, 3]] %}{% endfor %}"))
                .hasMessage("2:4: too many items to unpack: expected 2, got 3");
    }
}
