package dev.sluice.jinja;

import static dev.sluice.jinja.Render.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Python Jinja2 features the reference renderer rejects with an error, which this interpreter accepts: templates
 * written for Python transformers keep working, and nothing the reference renders changes.
 */
@Timeout(30)
class ExtensionsTest {
    @Test
    void pythonOperatorsOnStrings() {
        assertThat(render("{{ '-' * 3 }}{{ 'a' < 'b' }}")).isEqualTo("---true");
    }

    @Test
    void filtersMissingFromTheReference() {
        assertThat(
                        render(
                                "{{ nothing | default }}|{{ nothing | d('x') }}|{{ [1, 2] | count }}|{{ '<a>' | e }}"
                                        + "|{{ 2.5 | round }}|{{ [1, 2, 3] | select('odd') | list }}|{{ ['a'] | map('upper') | list }}"))
                .isEqualTo("|x|2|&lt;a&gt;|3.0|[1, 3]|[\"A\"]");
    }

    @Test
    void testsWithArgumentsAndVariableSelectattrValues() {
        assertThat(render(
                        "{{ 6 is divisibleby(3) }}{{ 1 is in([1]) }}{{ ts | selectattr('t', 'eq', want) | list | length }}",
                        "ts",
                        List.of(Map.of("t", "x"), Map.of("t", "y")),
                        "want",
                        "y"))
                .isEqualTo("truetrue1");
    }

    @Test
    void stringMethodsMissingFromTheReference() {
        assertThat(render(
                        "{{ 'abc'.find('c') }}{{ 'aaa'.count('a') }}{{ '-'.join(['a', 'b']) }}{{ 'a b c'.rsplit(' ', 1) }}"
                                + "{{ '{} and {}'.format(1, 'x') }}"))
                .isEqualTo("23a-b[\"a b\", \"c\"]1 and x");
    }

    @Test
    void dictBuiltin() {
        assertThat(render("{{ dict(a=1, b='x') | tojson }}")).isEqualTo("{\"a\": 1, \"b\": \"x\"}");
    }
}
