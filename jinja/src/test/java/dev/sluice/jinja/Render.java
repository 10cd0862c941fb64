package dev.sluice.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test shorthand: parse and render with alternating name/value pairs as the context. */
final class Render {
    private Render() {}

    static String render(String template, Object... nameValuePairs) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            context.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return JinjaTemplate.parse(template).render(context);
    }
}
