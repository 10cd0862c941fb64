package dev.sluice.jinja;

import java.text.Collator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON as the reference renderer writes it for {@code tojson} and for printing lists and mappings: keys in insertion
 * order, {@code ", "} and {@code ": "} separators ({@code ","} between items when indenting), non-ASCII kept unless
 * {@code ensure_ascii}, integral floats without a decimal, and undefined as {@code null} (or {@code undefined} when
 * printing).
 */
final class Json {
    /** The {@code tojson} options; {@code indent} 0 means none. */
    record Options(
            int indent,
            boolean ensureAscii,
            String itemSeparator,
            String keySeparator,
            boolean sortKeys,
            boolean undefinedAsNull) {
        static final Options TOJSON = new Options(0, false, ", ", ": ", false, true);
        static final Options DISPLAY = new Options(0, false, ", ", ": ", false, false);
    }

    private Json() {}

    static String write(Object v, Options o) {
        StringBuilder out = new StringBuilder();
        write(v, o, 0, out);
        return out.toString();
    }

    private static void write(Object v, Options o, int depth, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case Undefined u -> out.append(o.undefinedAsNull() ? "null" : "undefined");
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Double d -> out.append(d.isNaN() || d.isInfinite() ? "null" : Js.toString(d));
            case String s -> quote(s, o.ensureAscii(), out);
            case List<?> l -> list(l, o, depth, out);
            case Map<?, ?> m -> object(m, o, depth, out);
            case Namespace n -> object(n.attributes, o, depth, out);
            default -> throw new EvalError("cannot convert a function to JSON");
        }
    }

    private static void list(List<?> l, Options o, int depth, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < l.size(); i++) {
            out.append(i > 0 ? o.itemSeparator() : "");
            newline(o, depth + 1, out);
            write(l.get(i), o, depth + 1, out);
        }
        if (!l.isEmpty()) {
            newline(o, depth, out);
        }
        out.append(']');
    }

    private static void object(Map<?, ?> m, Options o, int depth, StringBuilder out) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
        if (o.sortKeys()) {
            Collator collator = Collator.getInstance(Locale.ENGLISH);
            entries.sort((a, b) -> collator.compare(String.valueOf(a.getKey()), String.valueOf(b.getKey())));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            out.append(i > 0 ? o.itemSeparator() : "");
            newline(o, depth + 1, out);
            quote(String.valueOf(entries.get(i).getKey()), o.ensureAscii(), out);
            out.append(o.keySeparator());
            write(entries.get(i).getValue(), o, depth + 1, out);
        }
        if (!entries.isEmpty()) {
            newline(o, depth, out);
        }
        out.append('}');
    }

    private static void newline(Options o, int depth, StringBuilder out) {
        if (o.indent() > 0) {
            out.append('\n').repeat(' ', o.indent() * depth);
        }
    }

    /** {@code JSON.stringify} of a string, then (with {@code ensureAscii}) every char from U+007F escaped. */
    static void quote(String s, boolean ensureAscii, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean lone = Character.isSurrogate(c) && !pairedAt(s, i);
                    if (c < 0x20 || lone || (ensureAscii && c >= 0x7F)) {
                        out.append("\\u").append(String.format(Locale.ROOT, "%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
