package dev.sluice.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/** The mutable object {@code namespace(...)} makes: {@code set ns.x = ...} inside a loop is seen after it. */
final class Namespace {
    final Map<String, Object> attributes;

    Namespace(Map<String, Object> attributes) {
        this.attributes = new LinkedHashMap<>(attributes);
    }
}
