package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Filters on lists and strings; {@link Filters#NONE} when the filter is not defined for the operand's type. */
final class SequenceFilters {
    private SequenceFilters() {}

    static Object list(String name, List<?> l, Args a) {
        return switch (name) {
            case "list" -> l;
            case "first" -> l.isEmpty() ? Undefined.INSTANCE : l.getFirst();
            case "last" -> l.isEmpty() ? Undefined.INSTANCE : l.getLast();
            case "length", "count" -> (long) l.size();
            case "reverse" -> {
                List<Object> out = new ArrayList<>(l);
                Collections.reverse(out);
                yield out;
            }
            case "sort" -> Sorting.sort(l, a);
            case "join" -> join(l, a.string(0, "separator", ""));
            case "string" -> Json.write(l, Json.Options.DISPLAY);
            case "unique" -> unique(l);
            case "selectattr", "rejectattr" -> Selection.byAttribute(l, a, name.equals("selectattr"));
            case "select", "reject" -> Selection.byTest(l, a, name.equals("select"));
            case "map" -> Selection.map(l, a);
            default -> Filters.NONE;
        };
    }

    static Object string(String name, String s, Args a) {
        return switch (name) {
            case "length", "count" -> (long) s.length();
            case "upper" -> Text.upper(s);
            case "lower" -> Text.lower(s);
            case "title" -> Text.title(s);
            case "capitalize" -> Text.capitalize(s);
            case "trim" -> Js.trim(s);
            case "indent" -> indent(s, a);
            case "join" -> join(Filters.iterate(s), a.string(0, "separator", ""));
            case "string" -> s;
            case "list" -> Filters.iterate(s);
            case "int" -> {
                double d = Js.parseInt(s);
                yield Double.isNaN(d) ? a.optional(0, "default", 0L) : Values.convert(d);
            }
            case "float" -> {
                double d = Js.parseFloat(s);
                yield Double.isNaN(d) ? a.optional(0, "default", 0.0) : (Object) d;
            }
            case "replace" ->
                Text.replace(s, a.string(0, "old", null), a.string(1, "new", null), a.integer(2, "count", -1));
            default -> Filters.NONE;
        };
    }

    /** Items joined as JavaScript's {@code Array.join} does: none and undefined as empty text. */
    private static String join(List<?> items, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Object x = items.get(i);
            out.append(i > 0 ? separator : "").append(x == null || x instanceof Undefined ? "" : Values.jsText(x));
        }
        return out.toString();
    }

    private static List<Object> unique(List<?> l) {
        List<Object> out = new ArrayList<>();
        for (Object x : l) {
            boolean seen = out.stream()
                    .anyMatch(y -> Equality.strict(x, y)
                            || (x instanceof Double d && d.isNaN() && y instanceof Double e && e.isNaN()));
            if (!seen) {
                out.add(x);
            }
        }
        return out;
    }

    /** Lines after the first (or all, with {@code first}) indented, empty lines only with {@code blank}. */
    private static String indent(String s, Args a) {
        long width = a.integer(0, "width", 4);
        boolean first = Values.truthy(a.optional(1, "first", false));
        boolean blank = Values.truthy(a.optional(2, "blank", false));
        String pad = " ".repeat((int) Math.max(0, width));
        String[] lines = s.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            boolean skip = (!first && i == 0) || (!blank && lines[i].isEmpty());
            out.append(i > 0 ? "\n" : "").append(skip ? "" : pad).append(lines[i]);
        }
        return out.toString();
    }

    static Map<String, Object> container(Object item, String filter) {
        return switch (item) {
            case Namespace n -> n.attributes;
            case Map<?, ?> m -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) m;
                yield typed;
            }
            case null, default ->
                throw new EvalError(filter + " needs a list of mappings, not of " + Values.typeName(item));
        };
    }
}
