package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Python methods on strings, dicts and lists ({@code s.startswith(...)}, {@code d.items()}, ...). */
final class Methods {
    private Methods() {}

    static Object call(Object target, String name, List<Object> args, Map<String, Object> kwargs) {
        return switch (target) {
            case String s -> string(s, name, args);
            case Map<?, ?> m -> map(m, name, args);
            case List<?> l -> list(l, name, args);
            default -> {
                if (target instanceof Undefined) {
                    throw new TemplateException("cannot call '" + name + "' on an undefined value");
                }
                throw new TemplateException("'" + Values.typeName(target) + "' has no method '" + name + "'");
            }
        };
    }

    private static Object string(String s, String name, List<Object> args) {
        return switch (name) {
            case "startswith" -> anyOf(args.getFirst(), p -> s.startsWith(p));
            case "endswith" -> anyOf(args.getFirst(), p -> s.endsWith(p));
            case "strip" -> strip(s, chars(args), true, true);
            case "lstrip" -> strip(s, chars(args), true, false);
            case "rstrip" -> strip(s, chars(args), false, true);
            case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> Filters.title(s);
            case "capitalize" -> Filters.capitalize(s);
            case "replace" -> replace(s, args);
            case "split" -> split(s, args);
            case "splitlines" -> splitlines(s);
            case "find" -> (long) s.indexOf((String) args.getFirst());
            case "count" -> (long) count(s, (String) args.getFirst());
            case "join" -> String.join(s, Values.iterate(args.getFirst()).stream().map(Values::str).toList());
            case "format" -> format(s, args);
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            default -> throw new TemplateException("string has no method '" + name + "'");
        };
    }

    private static List<Object> splitlines(String s) {
        List<Object> out = new ArrayList<>(Arrays.asList((Object[]) s.split("\r\n|\r|\n", -1)));
        if (s.isEmpty() || s.endsWith("\n") || s.endsWith("\r")) {
            out.removeLast();
        }
        return out;
    }

    private static boolean anyOf(Object prefixes, java.util.function.Predicate<String> test) {
        if (prefixes instanceof List<?> l) {
            return l.stream().anyMatch(p -> test.test((String) p));
        }
        return test.test((String) prefixes);
    }

    private static String chars(List<Object> args) {
        return args.isEmpty() || args.getFirst() == null ? null : (String) args.getFirst();
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && stripped(s.charAt(start), chars)) {
            start++;
        }
        while (right && end > start && stripped(s.charAt(end - 1), chars)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean stripped(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    private static String replace(String s, List<Object> args) {
        String from = (String) args.get(0);
        String to = (String) args.get(1);
        if (args.size() < 3) {
            return s.replace(from, to);
        }
        long n = (Long) Values.normalize(args.get(2));
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (long i = 0; i < n || n < 0; i++) {
            int next = s.indexOf(from, at);
            if (next < 0) {
                break;
            }
            out.append(s, at, next).append(to);
            at = next + from.length();
        }
        return out.append(s.substring(at)).toString();
    }

    private static List<Object> split(String s, List<Object> args) {
        String sep = args.isEmpty() ? null : (String) args.get(0);
        long max = args.size() > 1 ? (Long) Values.normalize(args.get(1)) : -1;
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            String rest = s.strip();
            while (!rest.isEmpty()) {
                if (max >= 0 && out.size() == max) {
                    out.add(rest);
                    return out;
                }
                int i = 0;
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                    i++;
                }
                out.add(rest.substring(0, i));
                rest = rest.substring(i).stripLeading();
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new TemplateException("split: empty separator");
        }
        int at = 0;
        while (max < 0 || out.size() < max) {
            int next = s.indexOf(sep, at);
            if (next < 0) {
                break;
            }
            out.add(s.substring(at, next));
            at = next + sep.length();
        }
        out.add(s.substring(at));
        return out;
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    private static String format(String s, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("{}", i)) {
                out.append(Values.str(args.get(next++)));
                i++;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }

    private static Object map(Map<?, ?> m, String name, List<Object> args) {
        return switch (name) {
            case "items" -> {
                List<Object> out = new ArrayList<>();
                m.forEach((k, v) -> out.add(List.of(k, v == null ? NullHolder.NULL : v)));
                yield unwrapNulls(out);
            }
            case "keys" -> new ArrayList<Object>(m.keySet());
            case "values" -> new ArrayList<Object>(m.values());
            case "get" -> m.containsKey(args.getFirst()) ? m.get(args.getFirst()) : (args.size() > 1 ? args.get(1) : null);
            default -> throw new TemplateException("mapping has no method '" + name + "'");
        };
    }

    /** {@code List.of} refuses nulls; pairs are built with a placeholder and turned into mutable lists. */
    private enum NullHolder {
        NULL
    }

    private static List<Object> unwrapNulls(List<Object> pairs) {
        List<Object> out = new ArrayList<>();
        for (Object p : pairs) {
            List<Object> pair = new ArrayList<>((List<?>) p);
            pair.replaceAll(x -> x == NullHolder.NULL ? null : x);
            out.add(pair);
        }
        return out;
    }

    private static Object list(List<?> l, String name, List<Object> args) {
        return switch (name) {
            case "index" -> {
                for (int i = 0; i < l.size(); i++) {
                    if (Values.equal(l.get(i), args.getFirst())) {
                        yield (long) i;
                    }
                }
                throw new TemplateException("value is not in list");
            }
            case "count" -> l.stream().filter(x -> Values.equal(x, args.getFirst())).count();
            default -> throw new TemplateException("list has no method '" + name + "'");
        };
    }
}
