package dev.sluice.jinja;

import static dev.sluice.jinja.Render.render;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whitespace rules: the reference renders with trim_blocks and lstrip_blocks on, and honours {@code -} markers. */
@Timeout(30)
class WhitespaceTest {
    @Test
    void dashMarkersTrimWhitespaceOnTheirSide() {
        assertThat(render("a  {%- if true -%}  b  {%- endif -%}  c")).isEqualTo("abc");
        assertThat(render("a \n {{- 'x' -}} \n b")).isEqualTo("axb");
        assertThat(render("a {#- comment -#} b")).isEqualTo("ab");
        assertThat(render("a {# comment #} b")).isEqualTo("a  b");
    }

    @Test
    void trimBlocksDropsTheNewlineAfterABlockTagButNotAfterAnExpression() {
        assertThat(render("{% if true %}\nx\n{% endif %}\ny")).isEqualTo("x\ny");
        assertThat(render("{{ 'x' }}\ny")).isEqualTo("x\ny");
        assertThat(render("{# c #}\ny")).isEqualTo("y");
    }

    @Test
    void lstripBlocksRemovesIndentationBeforeBlockTagsOnly() {
        assertThat(render("  {% if true %}y{% endif %}\n")).isEqualTo("y");
        assertThat(render("  {{ 'x' }}")).isEqualTo("  x");
        assertThat(render("a {% if true %}y{% endif %}")).isEqualTo("a y");
    }

    @Test
    void oneTrailingNewlineOfTheTemplateIsDropped() {
        assertThat(render("x\n")).isEqualTo("x");
        assertThat(render("x\n\n")).isEqualTo("x\n");
    }

    @Test
    void generationTagsAreRemovedWithTheirMarkers() {
        assertThat(render("A {% generation %}B{% endgeneration %} C")).isEqualTo("A B C");
        assertThat(render("A {%- generation -%} B")).isEqualTo("AB");
    }

    @Test
    void dashMarkersStripUnicodeWhitespaceAsJavaScriptDoes() {
        assertThat(render("a\u00a0\u3000{{- 'x' -}}\ufeff b")).isEqualTo("axb");
    }

    @Test
    void blockSetCapturesItsRenderedBody() {
        assertThat(render("{% set x %}\n  hi {{ 1 }}\n{% endset %}[{{ x }}]")).isEqualTo("[  hi 1\n]");
    }
}
