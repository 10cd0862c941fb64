package dev.sluice.jinja;

import static dev.sluice.jinja.Render.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Operators, literals and printing, with the reference renderer's (JavaScript) semantics. */
@Timeout(30)
class ExpressionsTest {
    @Test
    void numbersPrintLikeTheReference() {
        assertThat(render("{{ 1 }}|{{ 1.0 }}|{{ 10 / 4 }}|{{ 10 / 5 }}|{{ 0.1 + 0.2 }}|{{ -0.0 }}|{{ 1 / 0 }}"))
                .isEqualTo("1|1.0|2.5|2.0|0.30000000000000004|-0.0|Infinity");
        assertThat(render("{{ x }}|{{ y }}|{{ [x, y] }}", "x", 2.0, "y", 2.5)).isEqualTo("2|2.5|[2, 2.5]");
    }

    @Test
    void arithmeticKeepsJavaScriptSigns() {
        assertThat(render("{{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 1 + 2 * 3 }}"))
                .isEqualTo("3 -4 -1 1024 0.5 7");
    }

    @Test
    void concatenationUsesJavaScriptText() {
        assertThat(render("{{ 'a' ~ 1 ~ 1.0 ~ true ~ [1, 'x'] }}|{{ 'a' + 1 }}|{{ 'a' ~ 1 + 2 }}"))
                .isEqualTo("a11true1,x|a1|a12");
        assertThatThrownBy(() -> render("{{ 'a' ~ none }}")).hasMessage("1:8: cannot apply '~' to none");
        assertThatThrownBy(() -> render("{{ 'a' + nothing }}"))
                .hasMessage("1:8: cannot apply '+' to an undefined value");
    }

    @Test
    void equalityIsLooseButMembershipIsStrict() {
        assertThat(render("{{ 1 == 1.0 }}{{ 1 == '1' }}{{ none == nothing }}{{ true == 1 }}{{ [1] == [1] }}"))
                .isEqualTo("truetruetruetruefalse");
        assertThat(render("{{ 1 in [1] }}{{ '1' in [1] }}{{ 'b' in 'abc' }}{{ 'k' in {'k': 1} }}{{ 1 in nothing }}"))
                .isEqualTo("truefalsetruetruefalse");
        assertThat(render("{{ m == ms[0] }}", "ms", List.of(Map.of("a", 1)), "m", Map.of("a", 1)))
                .isEqualTo("false");
    }

    @Test
    void logicReturnsOperandsAndTernariesMayOmitElse() {
        assertThat(
                        render(
                                "{{ 0 or 'x' }}|{{ 1 and 2 }}|{{ [] or {} }}|{{ not 0 }}|{{ 'y' if 0 }}|{{ 'a' if 0 else 'b' }}"))
                .isEqualTo("x|2|{}|true||b");
    }

    @Test
    void attributesAndItems() {
        Map<String, Object> ctx = Map.of("a", 1, "items", "mine");
        assertThat(render("{{ d.a }}{{ d['a'] }}{{ d.missing }}{{ d.missing.deeper }}{{ d.items }}", "d", ctx))
                .isEqualTo("11mine");
        assertThat(render(
                        "{{ l[0] }}{{ l[-1] }}{{ l[9] }}{{ l.length }}{{ s[0] }}{{ s.length }}",
                        "l",
                        List.of(1, 2),
                        "s",
                        "héllo"))
                .isEqualTo("122h5");
    }

    @Test
    void slicingLikeTheReference() {
        Map<String, ?> ctx = Map.of("l", List.of(0, 1, 2, 3, 4), "s", "héllo🚀");
        assertThat(render(
                        "{{ l[1:] }}|{{ l[::-1] }}|{{ l[-2:] }}|{{ l[3:0:-1] }}|{{ l[3:-1:-1] }}|{{ l[::0] }}",
                        "l",
                        ctx.get("l")))
                .isEqualTo("[1, 2, 3, 4]|[4, 3, 2, 1, 0]|[3, 4]|[3, 2, 1]|[3, 2, 1, 0]|[]");
        assertThat(render("{{ s[1:3] }}|{{ s[::-1] }}", "s", ctx.get("s"))).isEqualTo("él|🚀olléh");
    }

    @Test
    void undefinedRendersAsNothingAndIsFalsy() {
        assertThat(render("[{{ nothing }}][{{ nothing.x }}][{{ none }}]{{ 'f' if not nothing }}"))
                .isEqualTo("[][][]f");
        assertThatThrownBy(() -> render("{{ nothing[0] }}")).hasMessage("1:11: cannot index undefined with integer");
    }

    @Test
    void literals() {
        assertThat(render("{{ 'a\\n\\'b\\u00e9' }}|{{ \"x\" 'y' }}|{{ {'k': [1, none, true]} }}|{{ (1, 2) }}"))
                .isEqualTo("a\n'bé|xy|{\"k\": [1, null, true]}|[1, 2]");
    }
}
