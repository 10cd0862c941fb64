package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The filters chat templates use ({@code x | tojson}, {@code x | length}, ...). */
final class Filters {
    private Filters() {}

    static Object apply(String name, Object value, List<Object> args, Map<String, Object> kwargs, int line) {
        Object v = Values.normalize(value);
        try {
            return switch (name) {
                case "tojson" -> Values.json(v, indent(args, kwargs), 0);
                case "length", "count" -> length(v);
                case "string" -> Values.str(v);
                case "trim" -> Methods.strip(Values.str(v), args.isEmpty() ? null : (String) args.getFirst(), true, true);
                case "upper" -> Values.str(v).toUpperCase(Locale.ROOT);
                case "lower" -> Values.str(v).toLowerCase(Locale.ROOT);
                case "title" -> title(Values.str(v));
                case "capitalize" -> capitalize(Values.str(v));
                case "replace" -> Values.str(v).replace((String) args.get(0), (String) args.get(1));
                case "join" -> join(v, args, kwargs);
                case "first" -> Values.iterate(v).stream().findFirst().orElse(Undefined.INSTANCE);
                case "last" -> {
                    List<Object> items = Values.iterate(v);
                    yield items.isEmpty() ? Undefined.INSTANCE : items.getLast();
                }
                case "default", "d" -> defaulted(v, args);
                case "list" -> Values.iterate(v);
                case "int" -> toInt(v);
                case "float" -> toFloat(v);
                case "abs" -> v instanceof Long l ? (Object) Math.abs(l) : (Object) Math.abs(((Number) v).doubleValue());
                case "round" -> round(v, args);
                case "reverse" -> v instanceof String s ? new StringBuilder(s).reverse().toString()
                        : Arithmetic.reversed(Values.iterate(v));
                case "sort" -> sort(v, kwargs);
                case "unique" -> new ArrayList<>(new LinkedHashSet<>(Values.iterate(v)));
                case "items" -> v instanceof Map<?, ?> m ? Methods.call(m, "items", List.of(), Map.of()) : List.of();
                case "dictsort" -> dictsort(v);
                case "selectattr", "rejectattr" -> selectAttr(v, args, name.equals("selectattr"), line);
                case "select", "reject" -> select(v, args, name.equals("select"), line);
                case "map" -> map(v, args, kwargs, line);
                case "sum" -> sum(v);
                case "min", "max" -> minMax(v, name.equals("min"));
                case "safe", "e", "escape", "forceescape" -> name.equals("safe") ? v : escape(Values.str(v));
                case "indent" -> indent(Values.str(v), args, kwargs);
                case "wordcount" -> (long) ((List<?>) Methods.call(Values.str(v), "split", List.of(), Map.of())).size();
                default -> throw new TemplateException("line " + line + ": unknown filter '" + name + "'");
            };
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new TemplateException("line " + line + ": bad arguments to filter '" + name + "'");
        }
    }

    private static int indent(List<Object> args, Map<String, Object> kwargs) {
        Object i = kwargs.containsKey("indent") ? kwargs.get("indent") : args.isEmpty() ? null : args.getFirst();
        return i == null ? 0 : ((Number) Values.normalize(i)).intValue();
    }

    static long length(Object v) {
        return switch (v) {
            case String s -> s.codePointCount(0, s.length());
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            case Namespace n -> n.attributes.size();
            case Undefined u -> 0;
            default -> throw new TemplateException("object of type " + Values.typeName(v) + " has no length");
        };
    }

    static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (int cp : s.codePoints().toArray()) {
            out.appendCodePoint(start ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
            start = !Character.isLetterOrDigit(cp);
        }
        return out.toString();
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String join(Object v, List<Object> args, Map<String, Object> kwargs) {
        String sep = args.isEmpty() ? "" : (String) args.getFirst();
        Object attr = kwargs.get("attribute");
        return String.join(sep, Values.iterate(v).stream()
                .map(x -> Values.str(attr == null ? x : Evaluator.attribute(x, (String) attr)))
                .toList());
    }

    private static Object defaulted(Object v, List<Object> args) {
        Object fallback = args.isEmpty() ? "" : args.getFirst();
        boolean onFalsy = args.size() > 1 && Values.truthy(args.get(1));
        return v instanceof Undefined || (onFalsy && !Values.truthy(v)) ? fallback : v;
    }

    private static Object toInt(Object v) {
        return switch (v) {
            case Long l -> l;
            case Double d -> d.longValue();
            case Boolean b -> b ? 1L : 0L;
            case String s -> {
                try {
                    yield Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    yield 0L;
                }
            }
            default -> 0L;
        };
    }

    private static Object toFloat(Object v) {
        return switch (v) {
            case Long l -> l.doubleValue();
            case Double d -> d;
            case String s -> {
                try {
                    yield Double.parseDouble(s.strip());
                } catch (NumberFormatException e) {
                    yield 0.0;
                }
            }
            default -> 0.0;
        };
    }

    private static Object round(Object v, List<Object> args) {
        double d = ((Number) v).doubleValue();
        int digits = args.isEmpty() ? 0 : ((Number) Values.normalize(args.getFirst())).intValue();
        double f = Math.pow(10, digits);
        return Math.round(d * f) / f;
    }

    private static List<Object> sort(Object v, Map<String, Object> kwargs) {
        List<Object> items = new ArrayList<>(Values.iterate(v));
        Object attr = kwargs.get("attribute");
        Comparator<Object> cmp = (a, b) -> Values.compare(
                attr == null ? a : Evaluator.attribute(a, (String) attr), attr == null ? b : Evaluator.attribute(b, (String) attr));
        items.sort(Values.truthy(kwargs.get("reverse")) ? cmp.reversed() : cmp);
        return items;
    }

    private static List<Object> dictsort(Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new TemplateException("dictsort needs a mapping");
        }
        Map<Object, Object> copy = new LinkedHashMap<>(m);
        @SuppressWarnings("unchecked")
        List<Object> pairs = (List<Object>) Methods.call(copy, "items", List.of(), Map.of());
        pairs.sort((a, b) -> Values.compare(((List<?>) a).getFirst(), ((List<?>) b).getFirst()));
        return pairs;
    }

    private static List<Object> selectAttr(Object v, List<Object> args, boolean keep, int line) {
        String attr = (String) args.getFirst();
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(v)) {
            Object a = Evaluator.attribute(item, attr);
            boolean pass = args.size() < 2 ? Values.truthy(a)
                    : Tests.apply((String) args.get(1), a, args.subList(2, args.size()), line);
            if (pass == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<Object> select(Object v, List<Object> args, boolean keep, int line) {
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(v)) {
            boolean pass = args.isEmpty() ? Values.truthy(item)
                    : Tests.apply((String) args.getFirst(), item, args.subList(1, args.size()), line);
            if (pass == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<Object> map(Object v, List<Object> args, Map<String, Object> kwargs, int line) {
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(v)) {
            if (kwargs.containsKey("attribute")) {
                Object a = Evaluator.attribute(item, (String) kwargs.get("attribute"));
                out.add(a instanceof Undefined && kwargs.containsKey("default") ? kwargs.get("default") : a);
            } else {
                out.add(apply((String) args.getFirst(), item, args.subList(1, args.size()), Map.of(), line));
            }
        }
        return out;
    }

    private static Object sum(Object v) {
        Object total = 0L;
        for (Object x : Values.iterate(v)) {
            total = Arithmetic.apply("+", total, Values.normalize(x), 0);
        }
        return total;
    }

    private static Object minMax(Object v, boolean min) {
        List<Object> items = Values.iterate(v);
        if (items.isEmpty()) {
            return Undefined.INSTANCE;
        }
        Object best = items.getFirst();
        for (Object x : items) {
            int c = Values.compare(x, best);
            if (min ? c < 0 : c > 0) {
                best = x;
            }
        }
        return best;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }

    private static String indent(String s, List<Object> args, Map<String, Object> kwargs) {
        Object w = kwargs.getOrDefault("width", args.isEmpty() ? 4L : args.getFirst());
        String pad = w instanceof String str ? str : " ".repeat(((Number) Values.normalize(w)).intValue());
        boolean first = Values.truthy(kwargs.getOrDefault("first", args.size() > 1 ? args.get(1) : false));
        String[] lines = s.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            if ((i > 0 || first) && !lines[i].isEmpty()) {
                out.append(pad);
            }
            out.append(lines[i]);
        }
        return out.toString();
    }
}
