package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filters, chosen by the operand's type as in the reference: {@code safe}, {@code tojson} and {@code default}
 * take anything; the others are defined per type ({@link SequenceFilters} for lists and strings), and a filter
 * applied to a type it is not defined for fails, naming both. Beyond the reference: {@code d}, {@code count},
 * {@code e}/{@code escape}, {@code round}, {@code select}/{@code reject} and {@code map} by filter name.
 */
final class Filters {
    static final Object NONE = new Object();
    private static final Set<String> KNOWN = Set.of(("safe tojson default d e escape list first last length count"
                    + " reverse sort join string unique selectattr rejectattr select reject map upper lower title"
                    + " capitalize trim indent int float replace abs round bool items get keys values dictsort")
            .split(" "));

    private Filters() {}

    static Object apply(String name, Object v, Args a, boolean called) {
        Object result =
                switch (name) {
                    case "safe" -> v;
                    case "tojson" -> Json.write(v, jsonOptions(a));
                    case "default", "d" ->
                        v instanceof Undefined || (a.bool(1, "boolean", false) && !Values.truthy(v))
                                ? a.optional(0, "default_value", "")
                                : v;
                    case "e", "escape" -> v instanceof String s ? escape(s) : NONE;
                    default -> byType(name, v, a, called);
                };
        if (result == NONE) {
            throw new EvalError(
                    KNOWN.contains(name)
                            ? "filter '" + name + "' cannot be applied to " + Values.typeName(v)
                            : "unknown filter '" + name + "'");
        }
        return result;
    }

    private static Object byType(String name, Object v, Args a, boolean called) {
        return switch (v) {
            case List<?> l -> SequenceFilters.list(name, l, a);
            case String s -> SequenceFilters.string(name, s, a);
            case Long l -> number(name, l, a, called);
            case Double d -> number(name, d, a, called);
            case Boolean b ->
                switch (name) {
                    case "bool" -> b;
                    case "int" -> b ? 1L : 0L;
                    case "float" -> b ? 1.0 : 0.0;
                    case "string" -> b.toString();
                    default -> NONE;
                };
            case Map<?, ?> m ->
                switch (name) {
                    case "length", "count" -> (long) m.size();
                    case "items", "get", "keys", "values", "dictsort" ->
                        new Methods.Bound(m, name).call(a.positional(), a.kwargs());
                    default -> NONE;
                };
            case null, default -> NONE;
        };
    }

    private static Object number(String name, Object n, Args a, boolean called) {
        return switch (name) {
            case "abs" -> n instanceof Long l ? (Object) Math.abs(l) : (Object) Math.abs((Double) n);
            case "int" -> called || n instanceof Long ? n : floor((Double) n);
            case "float" -> called ? n : (Object) Values.number(n);
            case "string" -> Values.display(n);
            case "round" -> round(Values.number(n), a.integer(0, "precision", 0));
            default -> NONE;
        };
    }

    private static Object floor(double d) {
        double f = Math.floor(d);
        return Double.isNaN(f) || Double.isInfinite(f) ? (Object) f : (Object) (long) f;
    }

    private static double round(double d, long precision) {
        double scale = Math.pow(10, precision);
        return Math.signum(d) * Math.floor(Math.abs(d) * scale + 0.5) / scale;
    }

    private static Json.Options jsonOptions(Args a) {
        Map<String, Object> kw = a.kwargs();
        Object indent = kw.get("indent");
        if (!(indent == null || indent instanceof Long)) {
            throw new EvalError("tojson(): 'indent' must be an integer");
        }
        Args named = new Args("tojson", List.of(), kw);
        Object separators = kw.get("separators");
        String item = indent != null && (Long) indent != 0 ? "," : ", ";
        String key = ": ";
        if (separators != null) {
            if (!(separators instanceof List<?> l
                    && l.size() == 2
                    && l.get(0) instanceof String i
                    && l.get(1) instanceof String k)) {
                throw new EvalError("tojson(): 'separators' must be two strings");
            }
            item = i;
            key = k;
        }
        return new Json.Options(
                indent == null ? 0 : (int) (long) (Long) indent,
                named.bool(-1, "ensure_ascii", false),
                item,
                key,
                named.bool(-1, "sort_keys", false),
                true);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&#34;")
                .replace("'", "&#39;");
    }

    /** The items a method such as {@code join} iterates: a list's items, a mapping's keys, a string's characters. */
    static List<?> iterate(Object v) {
        return switch (v) {
            case List<?> l -> l;
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case String s -> s.codePoints().mapToObj(Character::toString).toList();
            case null, default -> throw new EvalError("cannot iterate over " + Values.typeName(v));
        };
    }
}
