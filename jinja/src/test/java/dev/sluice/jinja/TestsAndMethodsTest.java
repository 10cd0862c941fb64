package dev.sluice.jinja;

import static dev.sluice.jinja.Render.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code is} tests and the methods of strings and mappings. */
@Timeout(30)
class TestsAndMethodsTest {
    @Test
    void typeTests() {
        String t = "{% for v in [1, 1.5, 'a', true, none, [1], {'a': 1}] %}{{ v is number }}{{ v is integer }}"
                + "{{ v is string }}{{ v is boolean }}{{ v is none }}{{ v is iterable }}{{ v is mapping }};{% endfor %}";
        assertThat(render(t).replace("true", "T").replace("false", "."))
                .isEqualTo("TT.....;T......;..T..T.;...T...;....T..;.....T.;......T;");
    }

    @Test
    void definedNoneAndNegation() {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("y", null);
        assertThat(JinjaTemplate.parse("{{ x is defined }}{{ x is undefined }}{{ y is defined }}{{ y is not none }}")
                        .render(ctx))
                .isEqualTo("falsetruetruefalse");
        assertThat(render("{{ 3 is odd }}{{ 4 is even }}{{ 'ab' is lower }}{{ not 3 is odd }}"))
                .isEqualTo("truetruetruefalse");
    }

    @Test
    void unknownTestsAreNamed() {
        assertThatThrownBy(() -> render("{{ 1 is frob }}")).hasMessage("1:9: unknown test 'frob'");
        assertThatThrownBy(() -> render("{{ 1.5 is odd }}")).hasMessage("1:11: test 'odd' needs an integer, not float");
    }

    @Test
    void stringMethods() {
        assertThat(render("{{ 'a b  c '.split() }}|{{ 'a,b,,c'.split(',') }}|{{ 'a,b,c'.split(',', 1) }}"
                        + "|{{ ' a b c'.split(none, 1) }}|{{ 'a</think>b'.split('</think>')[-1] }}"))
                .isEqualTo("[\"a\", \"b\", \"c\"]|[\"a\", \"b\", \"\", \"c\"]|[\"a\", \"b,c\"]|[\"a\", \"b c\"]|b");
        assertThat(render(
                        "{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith(('x', 'c')) }}{{ 'hello'.replace('l', 'L', 1) }}"
                                + "{{ 'aB'.upper() }}{{ 'hello world'.title() }}"))
                .isEqualTo("truetrueheLloABHello World");
    }

    @Test
    void stripMethodsIgnoreTheirArgumentAndStripWhitespaceLikeTheReference() {
        assertThat(render("[{{ '  x \\n'.strip() }}][{{ '\\n\\n x \\n'.strip('\\n') }}][{{ 'xxhixx'.strip('x') }}]"
                        + "[{{ '\\n  a'.lstrip('\\n') }}][{{ 'a \\n'.rstrip('\\n') }}]"))
                .isEqualTo("[x][x][xxhixx][a][a]");
    }

    @Test
    void mappingMethods() {
        Map<String, Object> d = new HashMap<>();
        d.put("a", 1);
        d.put("n", null);
        assertThat(render(
                        "{{ d.get('a') }}|{{ d.get('z') }}|{{ d.get('z', 'dflt') }}|{{ d.get('n', 'x') }}|{{ d.keys() | sort }}",
                        "d",
                        d))
                .isEqualTo("1||dflt||[\"a\", \"n\"]");
    }

    @Test
    void unknownMethodsAreNamed() {
        assertThatThrownBy(() -> render("{{ 'abc'.frobnicate() }}"))
                .hasMessage("1:10: string has no method 'frobnicate'");
        assertThatThrownBy(() -> render("{{ [1].append(2) }}")).hasMessage("1:8: list has no method 'append'");
    }
}
