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
class FiltersTest {
    private static final List<Map<String, Object>> TOOLS =
            List.of(Map.of("name", "a", "type", "function"), Map.of("name", "b", "type", "other"), Map.of("name", "c"));

    @Test
    void tojsonKeepsInsertionOrderAndNonAscii() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("z", List.of(1, 2.5, 2.0));
        d.put("a", "é\"\n");
        d.put("n", null);
        assertThat(render("{{ d | tojson }}", "d", d))
                .isEqualTo("{\"z\": [1, 2.5, 2], \"a\": \"é\\\"\\n\", \"n\": null}");
        assertThat(render("{{ d | tojson(indent=2) }}", "d", Map.of("a", List.of(1))))
                .isEqualTo("{\n  \"a\": [\n    1\n  ]\n}");
        assertThat(render("{{ d | tojson(ensure_ascii=true) }}", "d", Map.of("k", "é🚀")))
                .isEqualTo("{\"k\": \"\\u00e9\\ud83d\\ude80\"}");
        assertThat(render("{{ [] | tojson(indent=2) }}{{ nothing | tojson }}")).isEqualTo("[]null");
    }

    @Test
    void textFilters() {
        assertThat(
                        render(
                                "{{ '  Hi  ' | trim }}|{{ 'hello wORLD' | title }}|{{ 'hELLO' | capitalize }}|{{ 'aB' | upper }}"
                                        + "|{{ 'aB' | lower }}|{{ 'aXbX' | replace('X', '-') }}|{{ 'a\\nb\\n\\nc' | indent(2) }}"))
                .isEqualTo("Hi|Hello WORLD|HELLO|AB|ab|a-b-|a\n  b\n\n  c");
    }

    @Test
    void lengthCountsUtf16UnitsLikeJavaScript() {
        assertThat(render("{{ s | length }}|{{ [1, 2] | length }}|{{ {'a': 1} | length }}", "s", "é🚀"))
                .isEqualTo("3|2|1");
    }

    @Test
    void listFilters() {
        assertThat(render("{{ [3, 1, 2] | sort }}|{{ ['b', 'A'] | sort }}|{{ [1, 2] | reverse }}|{{ [1, 2] | first }}"
                        + "{{ [1, 2] | last }}|{{ [1, 2, 1, 1.0, '1'] | unique }}|{{ [1, none, 'x'] | join('-') }}"))
                .isEqualTo("[1, 2, 3]|[\"A\", \"b\"]|[2, 1]|12|[1, 2, \"1\"]|1--x");
    }

    @Test
    void selectAndMapByAttribute() {
        assertThat(render(
                        "{{ ts | selectattr('type', 'equalto', 'function') | map(attribute='name') | join(',') }}|"
                                + "{{ ts | rejectattr('type') | map(attribute='name') | list }}|"
                                + "{{ ts | map(attribute='type', default='-') | join(',') }}",
                        "ts",
                        TOOLS))
                .isEqualTo("a|[\"c\"]|function,other,-");
    }

    @Test
    void defaultDictsortItemsAndConversions() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("b", 1);
        d.put("a", 2);
        assertThat(render(
                        "{{ nothing | default('d') }}|{{ '' | default('d', true) }}|{{ d | dictsort }}|{{ d | items }}"
                                + "|{{ '42' | int }}|{{ 'x' | int(7) }}|{{ 3.7 | int }}|{{ '2.5' | float }}|{{ 1 | string }}",
                        "d",
                        d))
                .isEqualTo("d|d|[[\"a\", 2], [\"b\", 1]]|[[\"b\", 1], [\"a\", 2]]|42|7|3|2.5|1");
    }

    @Test
    void filterBlocks() {
        assertThat(render("{% filter upper %}hi {{ 'x' }}{% endfilter %}")).isEqualTo("HI X");
    }

    @Test
    void aFilterNamesItselfWhenItDoesNotApply() {
        assertThatThrownBy(() -> render("{{ 1 | nosuch }}")).hasMessage("1:8: unknown filter 'nosuch'");
        assertThatThrownBy(() -> render("{{ nothing | length }}"))
                .hasMessage("1:14: filter 'length' cannot be applied to undefined");
        assertThatThrownBy(() -> render("{{ [1] | upper }}"))
                .hasMessage("1:10: filter 'upper' cannot be applied to list");
    }
}
