package dev.sluice.jinja;

import java.util.List;
import java.util.Locale;

/** String transformations shared by methods and filters, as the reference (JavaScript) performs them. */
final class Text {
    private Text() {}

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code s.replace(/\b\w/g, upper)}: each ASCII word character after a non-word character is upper-cased. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean start = isWord(c) && (i == 0 || !isWord(s.charAt(i - 1)));
            out.append(start ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    private static boolean isWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** The first UTF-16 unit upper-cased, the rest unchanged. */
    static String capitalize(String s) {
        return s.isEmpty() ? s : upper(s.substring(0, 1)) + s.substring(1);
    }

    /** Up to {@code count} occurrences (all when negative) replaced; an empty {@code old} matches between code points. */
    static String replace(String s, String old, String replacement, long count) {
        if (old == null || replacement == null) {
            throw new EvalError("replace() needs two string arguments");
        }
        long remaining = count < 0 ? Long.MAX_VALUE : count;
        StringBuilder out = new StringBuilder();
        int at = 0;
        if (old.isEmpty()) {
            for (int i = 0;
                    i <= s.length() && remaining > 0;
                    i += i < s.length() ? Character.charCount(s.codePointAt(i)) : 1) {
                out.append(s, at, i).append(replacement);
                at = i;
                remaining--;
            }
            return out.append(s, at, s.length()).toString();
        }
        for (int i = s.indexOf(old); i >= 0 && remaining > 0; i = s.indexOf(old, at)) {
            out.append(s, at, i).append(replacement);
            at = i + old.length();
            remaining--;
        }
        return out.append(s, at, s.length()).toString();
    }

    static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    /** Python's {@code str.format} for {@code {}} and {@code {N}} fields and {@code {{ }}} escapes. */
    static String format(String s, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < s.length() && s.charAt(i + 1) == c) {
                out.append(c);
                i++;
            } else if (c == '{') {
                int close = s.indexOf('}', i);
                if (close < 0) {
                    throw new EvalError("format(): '{' is not closed");
                }
                String field = s.substring(i + 1, close);
                int index = field.isEmpty() ? next++ : Integer.parseInt(field);
                if (index >= args.size()) {
                    throw new EvalError("format(): no argument for field " + index);
                }
                out.append(Values.display(args.get(index)));
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
