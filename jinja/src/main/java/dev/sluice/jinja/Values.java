package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Python-like semantics of template values: truthiness, equality, ordering, text and JSON forms. */
final class Values {
    private Values() {}

    /** Normalises caller values: every integer becomes a Long, every other number a Double. */
    static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValue();
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.doubleValue();
        }
        return v;
    }

    static boolean truthy(Object v) {
        v = normalize(v);
        return switch (v) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case String s -> !s.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    static boolean isNumber(Object v) {
        v = normalize(v);
        return (v instanceof Long || v instanceof Double);
    }

    static boolean equal(Object a, Object b) {
        a = normalize(a);
        b = normalize(b);
        if (a instanceof Boolean || b instanceof Boolean) {
            return a instanceof Boolean && a.equals(b);
        }
        if (isNumber(a) && isNumber(b)) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(b);
    }

    static int compare(Object a, Object b) {
        a = normalize(a);
        b = normalize(b);
        if (isNumber(a) && isNumber(b)) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        throw new TemplateException("cannot compare " + typeName(a) + " with " + typeName(b));
    }

    static String typeName(Object v) {
        return switch (normalize(v)) {
            case null -> "none";
            case Undefined u -> "undefined";
            case String s -> "string";
            case Long l -> "integer";
            case Double d -> "float";
            case Boolean b -> "boolean";
            case List<?> l -> "list";
            case Map<?, ?> m -> "mapping";
            case Namespace n -> "namespace";
            default -> "object";
        };
    }

    /** The text a value renders as inside {@code {{ }}}. */
    static String str(Object v) {
        v = normalize(v);
        return switch (v) {
            case null -> "";
            case Undefined u -> "";
            case String s -> s;
            case Boolean b -> b ? "true" : "false";
            case Long l -> Long.toString(l);
            case Double d -> number(d);
            case List<?> l -> json(l, 0, 0);
            case Map<?, ?> m -> json(m, 0, 0);
            case Namespace n -> json(n.attributes, 0, 0);
            default -> String.valueOf(v);
        };
    }

    static String number(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e16) {
            return (d == 0 && 1 / d < 0) ? "-0.0" : String.format(java.util.Locale.ROOT, "%.1f", d);
        }
        return Double.toString(d);
    }

    /** JSON as the reference renderer's {@code tojson} writes it. */
    static String json(Object v, int indent, int depth) {
        v = normalize(v);
        String itemSep = indent > 0 ? "," : ", ";
        String pad = indent > 0 ? "\n" + " ".repeat(indent * depth) : "";
        String childPad = indent > 0 ? pad + " ".repeat(indent) : "";
        return switch (v) {
            case null -> "null";
            case Undefined u -> "null";
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Double d -> d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString(d.longValue()) : d.toString();
            case String s -> quote(s);
            case Namespace n -> json(n.attributes, indent, depth);
            case List<?> l -> {
                if (l.isEmpty()) {
                    yield "[]";
                }
                List<String> parts = new ArrayList<>();
                l.forEach(x -> parts.add(json(x, indent, depth + 1)));
                yield indent > 0
                        ? "[" + childPad + String.join(itemSep + childPad, parts) + pad + "]"
                        : "[" + String.join(itemSep, parts) + "]";
            }
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    yield "{}";
                }
                List<String> parts = new ArrayList<>();
                m.forEach((k, x) -> parts.add(childPad + quote(String.valueOf(k)) + ": " + json(x, indent, depth + 1)));
                yield "{" + String.join(itemSep, parts) + pad + "}";
            }
            default -> quote(String.valueOf(v));
        };
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** The items a for loop visits. */
    static List<Object> iterate(Object v) {
        v = normalize(v);
        List<Object> out = new ArrayList<>();
        switch (v) {
            case List<?> l -> out.addAll(l);
            case Map<?, ?> m -> out.addAll(m.keySet());
            case String s -> s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            case Iterable<?> it -> {
                for (Iterator<?> i = it.iterator(); i.hasNext(); ) {
                    out.add(i.next());
                }
            }
            case null -> throw new TemplateException("cannot iterate over none");
            case Undefined u -> {
                // Iterating an undefined value visits nothing.
            }
            default -> throw new TemplateException("cannot iterate over " + typeName(v));
        }
        return out;
    }
}
