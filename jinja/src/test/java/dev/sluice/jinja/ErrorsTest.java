package dev.sluice.jinja;

import static dev.sluice.jinja.Render.render;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Syntax and runtime errors say where (line:column of the original template) and what. */
@Timeout(30)
class ErrorsTest {
    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertThatThrownBy(() -> JinjaTemplate.parse("line one\n  {% if x %}\nno end"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("2:6: 'if' is not closed: missing {% endif %}");
        assertThatThrownBy(() -> JinjaTemplate.parse("a\nb {{ x | \n}}"))
                .hasMessage("3:1: expected a filter name after '|' but found '}}'");
        assertThatThrownBy(() -> JinjaTemplate.parse("{% frobnicate %}"))
                .hasMessage("1:4: unknown statement 'frobnicate'");
        assertThatThrownBy(() -> JinjaTemplate.parse("{{ 'abc }}")).hasMessage("1:4: string is not closed");
        assertThatThrownBy(() -> JinjaTemplate.parse("{{ x ! y }}")).hasMessage("1:6: unexpected character '!'");
        assertThatThrownBy(() -> JinjaTemplate.parse("{# open")).hasMessage("1:1: comment is not closed with '#}'");
        assertThatThrownBy(() -> JinjaTemplate.parse("{% endif %}")).hasMessage("1:4: unknown statement 'endif'");
    }

    @Test
    void positionsCountTheOriginalTextEvenWhereWhitespaceWasTrimmed() {
        assertThatThrownBy(() -> JinjaTemplate.parse("{% if true %}\n    {% for %}\n{% endif %}"))
                .hasMessage("2:12: unexpected '%}'");
        assertThatThrownBy(() -> render("{%- if true -%}\n\n   {{- 1 + none -}}\n{% endif %}"))
                .hasMessage("3:10: cannot apply '+' to none");
    }

    @Test
    void raiseExceptionFailsWithTheTemplatesMessage() {
        assertThatThrownBy(() -> render("{{ raise_exception('Only user and assistant roles are supported!') }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Only user and assistant roles are supported!");
        assertThatThrownBy(() -> render("{{ raise_exception('Bad role: ' ~ r) }}", "r", "tool"))
                .hasMessage("Bad role: tool");
    }

    @Test
    void runtimeErrorsNameTheirPosition() {
        assertThatThrownBy(() -> render("ok\n{{ nothing() }}"))
                .hasMessage("2:4: 'nothing' is not callable; it is undefined");
        assertThatThrownBy(() -> render("{% set d = {} %}{% set d.x = 1 %}"))
                .hasMessage("1:20: cannot set attribute 'x': only a namespace has assignable attributes");
        assertThatThrownBy(() -> render("{% break %}")).hasMessage("1:4: 'break' outside a loop");
    }
}
