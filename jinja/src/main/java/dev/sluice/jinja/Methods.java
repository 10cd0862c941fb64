package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Methods of strings and mappings. Strings have the reference's methods, whose quirks are kept: {@code strip},
 * {@code lstrip} and {@code rstrip} ignore their argument and remove white space; {@code title} capitalises
 * after every non-word character and leaves the rest alone. Beyond the reference: {@code find}, {@code count},
 * {@code join}, {@code rsplit} and {@code format}. Mappings have {@code get}, {@code items}, {@code keys},
 * {@code values} and {@code dictsort}.
 */
final class Methods {
    private static final Set<String> STRING_METHODS = Set.of(
            "upper",
            "lower",
            "strip",
            "lstrip",
            "rstrip",
            "title",
            "capitalize",
            "startswith",
            "endswith",
            "split",
            "rsplit",
            "replace",
            "find",
            "count",
            "join",
            "format");
    private static final Set<String> MAP_METHODS = Set.of("get", "items", "keys", "values", "dictsort");

    private Methods() {}

    /** A method with its receiver, as {@code x.name} evaluates before the call. */
    record Bound(Object receiver, String name) implements NativeFunction {
        @Override
        public Object call(List<Object> args, Map<String, Object> kwargs) {
            return receiver instanceof String s
                    ? string(s, name, new Args(name, args, kwargs))
                    : map((Map<?, ?>) receiver, name, new Args(name, args, kwargs));
        }
    }

    static boolean isStringMethod(String name) {
        return STRING_METHODS.contains(name);
    }

    static boolean isMapMethod(String name) {
        return MAP_METHODS.contains(name);
    }

    private static Object string(String s, String name, Args a) {
        return switch (name) {
            case "upper" -> Text.upper(s);
            case "lower" -> Text.lower(s);
            case "strip" -> Js.trim(s);
            case "lstrip" -> Js.trimStart(s);
            case "rstrip" -> Js.trimEnd(s);
            case "title" -> Text.title(s);
            case "capitalize" -> Text.capitalize(s);
            case "startswith", "endswith" -> affix(s, name.equals("startswith"), a.required(0, "prefix"));
            case "split" -> Split.split(s, a.string(0, "sep", null), a.integer(1, "maxsplit", -1));
            case "rsplit" -> Split.rsplit(s, a.string(0, "sep", null), a.integer(1, "maxsplit", -1));
            case "replace" ->
                Text.replace(s, a.string(0, "old", null), a.string(1, "new", null), a.integer(2, "count", -1));
            case "find" -> (long) s.indexOf(a.string(0, "sub", ""));
            case "count" -> Text.count(s, a.string(0, "sub", ""));
            case "join" ->
                String.join(
                        s,
                        Filters.iterate(a.required(0, "iterable")).stream()
                                .map(Values::jsText)
                                .toList());
            default -> Text.format(s, a.positional());
        };
    }

    private static boolean affix(String s, boolean start, Object affixes) {
        List<?> options = affixes instanceof List<?> l ? l : List.of(affixes);
        for (Object o : options) {
            if (!(o instanceof String p)) {
                throw new EvalError((start ? "startswith" : "endswith") + "() takes a string or a tuple of strings");
            }
            if (start ? s.startsWith(p) : s.endsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static Object map(Map<?, ?> m, String name, Args a) {
        return switch (name) {
            case "get" -> {
                if (!(a.required(0, "key") instanceof String key)) {
                    throw new EvalError("get() takes a string key, not " + Values.typeName(a.required(0, "key")));
                }
                Object v = m.get(key);
                yield v != null || m.containsKey(key) ? v : a.optional(1, "default", null);
            }
            case "items" -> items(m);
            case "keys" -> new ArrayList<Object>(m.keySet());
            case "values" -> new ArrayList<Object>(m.values());
            default -> Sorting.dictsort(m, a);
        };
    }

    static List<Object> items(Map<?, ?> m) {
        List<Object> out = new ArrayList<>(m.size());
        m.forEach((k, v) -> {
            List<Object> pair = new ArrayList<>(2);
            pair.add(k);
            pair.add(v);
            out.add(pair);
        });
        return out;
    }
}
