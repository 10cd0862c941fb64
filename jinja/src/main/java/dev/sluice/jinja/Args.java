package dev.sluice.jinja;

import java.util.List;
import java.util.Map;

/** The evaluated arguments of a method or filter call, each found by position or by keyword. */
record Args(String callee, List<Object> positional, Map<String, Object> kwargs) {
    static final Map<String, Object> NO_KWARGS = Map.of();

    private boolean has(int i, String name) {
        return (i >= 0 && i < positional.size()) || kwargs.containsKey(name);
    }

    private Object raw(int i, String name) {
        return i >= 0 && i < positional.size() ? positional.get(i) : kwargs.get(name);
    }

    Object required(int i, String name) {
        if (!has(i, name)) {
            throw new EvalError(callee + "() needs the argument '" + name + "'");
        }
        return raw(i, name);
    }

    Object optional(int i, String name, Object fallback) {
        return has(i, name) ? raw(i, name) : fallback;
    }

    String string(int i, String name, String fallback) {
        Object v = optional(i, name, null);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw wrongType(name, "a string", v);
        }
        return s;
    }

    long integer(int i, String name, long fallback) {
        Object v = optional(i, name, null);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Long l)) {
            throw wrongType(name, "an integer", v);
        }
        return l;
    }

    boolean bool(int i, String name, boolean fallback) {
        Object v = optional(i, name, null);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw wrongType(name, "a boolean", v);
        }
        return b;
    }

    private EvalError wrongType(String name, String expected, Object v) {
        return new EvalError(callee + "(): '" + name + "' must be " + expected + ", not " + Values.typeName(v));
    }
}
