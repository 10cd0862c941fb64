package dev.sluice.jinja;

import java.util.HashMap;
import java.util.Map;

/** Variables of one scope (template, loop body, macro call), falling back to the enclosing scope. */
final class Scope {
    private final Scope parent;
    private final Map<String, Object> vars = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.vars.containsKey(name)) {
                return s.vars.get(name);
            }
        }
        return Undefined.INSTANCE;
    }

    void set(String name, Object value) {
        vars.put(name, value);
    }
}
