package dev.sluice.jinja;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables of one scope (the template, a loop, a macro call) over the enclosing scope. Scopes belong to one render
 * and are never shared between threads.
 */
final class Scope {
    private final Scope parent;
    private final Map<String, Object> vars = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Object v = s.vars.get(name);
            if (v != null || s.vars.containsKey(name)) {
                return v;
            }
        }
        return Undefined.INSTANCE;
    }

    void set(String name, Object value) {
        vars.put(name, value);
    }
}
