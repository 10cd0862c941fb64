package dev.sluice.jinja;

import static dev.sluice.jinja.Render.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MacrosTest {
    @Test
    void positionalKeywordAndDefaultArguments() {
        String defs = "{% macro greet(name, p='!') %}hi {{ name }}{{ p }}{% endmacro %}";
        assertThat(render(defs
                        + "{{ greet('bob') }}|{{ greet('al', p='?') }}|{{ greet(p='.', name='x') }}|{{ greet() }}"))
                .isEqualTo("hi bob!|hi al?|hi x.|hi !");
        assertThat(render("{% macro f(a, b=a * 2) %}{{ a }},{{ b }}{% endmacro %}{{ f(3) }}"))
                .isEqualTo("3,6");
    }

    @Test
    void macrosSeeTheVariablesOfTheirCallerLikeTheReference() {
        assertThat(render("{% macro show() %}{{ v }}{% endmacro %}{% set v = 1 %}{{ show() }}"
                        + "{% for v in [2] %}{{ show() }}{% endfor %}"))
                .isEqualTo("12");
    }

    @Test
    void recursionAndReturnedText() {
        assertThat(render(
                        "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n }}*{{ fact(n - 1) }}{% endif %}{% endmacro %}"
                                + "{{ fact(4) }}|{% set r = fact(2) %}{{ r | length }}"))
                .isEqualTo("4*3*2*1|3");
    }

    @Test
    void extraArgumentsNeedVarargsOrKwargs() {
        assertThat(render("{% macro f(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ f(1, 2, x=3) }}"))
                .isEqualTo("1[2]{\"x\": 3}");
        assertThatThrownBy(() -> render("{% macro f(a) %}{% endmacro %}{{ f(1, x=2) }}"))
                .hasMessage("1:34: macro 'f' takes no keyword argument 'x'");
        assertThatThrownBy(() -> render("{% macro f(a) %}{% endmacro %}{{ f(1, 2) }}"))
                .hasMessage("1:34: macro 'f' takes not more than 1 argument(s)");
    }

    @Test
    void callBlocksPassTheirBodyAsCaller() {
        assertThat(render("{% macro wrap(t) %}<{{ t }}>{{ caller() }}</{{ t }}>{% endmacro %}"
                        + "{% call wrap('b') %}x{{ 1 + 1 }}{% endcall %}"))
                .isEqualTo("<b>x2</b>");
        assertThat(render("{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}"
                        + "{% call(item) each([1, 2]) %}[{{ item }}]{% endcall %}"))
                .isEqualTo("[1][2]");
    }

    @Test
    void unpackedArguments() {
        assertThat(render("{% macro f(a, b) %}{{ a }}{{ b }}{% endmacro %}{{ f(*[1, 2]) }}{{ f(**{'a': 3, 'b': 4}) }}"))
                .isEqualTo("1234");
    }
}
