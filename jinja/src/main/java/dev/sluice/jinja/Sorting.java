package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ordering for {@code sort} and {@code dictsort}, as strict as the reference: numbers and booleans compare as
 * numbers, strings with each other (ignoring case unless asked), none only with none; anything else fails.
 */
final class Sorting {
    private Sorting() {}

    static int compare(Object a, Object b, boolean caseSensitive) {
        if (a == null || b == null || a instanceof Undefined || b instanceof Undefined) {
            if (a == b) {
                return 0;
            }
            throw new EvalError("cannot compare " + Values.typeName(a) + " with " + Values.typeName(b));
        }
        if (numeric(a) && numeric(b)) {
            return number(a) < number(b) ? -1 : number(a) > number(b) ? 1 : 0;
        }
        if (a instanceof String x && b instanceof String y) {
            return caseSensitive
                    ? Integer.signum(x.compareTo(y))
                    : Integer.signum(x.toLowerCase(Locale.ROOT).compareTo(y.toLowerCase(Locale.ROOT)));
        }
        throw new EvalError("cannot compare " + Values.typeName(a) + " with " + Values.typeName(b));
    }

    private static boolean numeric(Object v) {
        return Values.isNumber(v) || v instanceof Boolean;
    }

    private static double number(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : Values.number(v);
    }

    /** {@code list|sort(reverse=false, case_sensitive=false, attribute=none)}. */
    static List<Object> sort(List<?> items, Args a) {
        boolean reverse = a.bool(0, "reverse", false);
        boolean caseSensitive = a.bool(1, "case_sensitive", false);
        Object attribute = a.optional(2, "attribute", null);
        if (!(attribute == null || attribute instanceof String || attribute instanceof Long)) {
            throw new EvalError("sort(): 'attribute' must be a string or an integer");
        }
        List<Object> out = new ArrayList<>(items);
        out.sort((x, y) -> {
            Object kx = attribute == null ? x : path(x, String.valueOf(attribute));
            Object ky = attribute == null ? y : path(y, String.valueOf(attribute));
            int c = compare(kx, ky, caseSensitive);
            return reverse ? -c : c;
        });
        return out;
    }

    /** {@code dict|dictsort(case_sensitive=false, by='key', reverse=false)}: sorted key-value pairs. */
    static List<Object> dictsort(Map<?, ?> m, Args a) {
        boolean caseSensitive = a.bool(0, "case_sensitive", false);
        String by = a.string(1, "by", "key");
        boolean reverse = a.bool(2, "reverse", false);
        if (!by.equals("key") && !by.equals("value")) {
            throw new EvalError("dictsort(): 'by' must be 'key' or 'value'");
        }
        int index = by.equals("key") ? 0 : 1;
        List<Object> pairs = Methods.items(m);
        pairs.sort((x, y) -> {
            int c = compare(((List<?>) x).get(index), ((List<?>) y).get(index), caseSensitive);
            return reverse ? -c : c;
        });
        return pairs;
    }

    /** A dotted attribute path ({@code "a.b"}, {@code "items.0"}) into mappings and lists; undefined if missing. */
    static Object path(Object item, String path) {
        Object v = item;
        for (String part : path.split("\\.", -1)) {
            if (v instanceof Map<?, ?> || v instanceof Namespace) {
                Map<?, ?> m = v instanceof Namespace n ? n.attributes : (Map<?, ?>) v;
                v = m.containsKey(part) ? m.get(part) : Undefined.INSTANCE;
            } else if (v instanceof List<?> l) {
                double i = Js.parseInt(part);
                if (Double.isNaN(i) || i < 0 || i >= l.size()) {
                    return Undefined.INSTANCE;
                }
                v = l.get((int) i);
            } else {
                return Undefined.INSTANCE;
            }
        }
        return v;
    }
}
