package dev.sluice.jinja;

/** Quoted string literals in tags, with the reference lexer's escapes: n t r b f v, quotes, backslash, xHH, uHHHH. */
final class StringLiterals {
    private StringLiterals() {}

    /** The value of the literal whose opening quote is at {@code start}. */
    static String read(String src, int start, Source source) {
        char quote = src.charAt(start);
        StringBuilder out = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= src.length()) {
                throw error(source, start, "string is not closed");
            }
            char c = src.charAt(i++);
            if (c == quote) {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= src.length()) {
                throw error(source, start, "string is not closed");
            }
            i = escape(src, i, out, source);
        }
    }

    /** The index just past the closing quote of the literal at {@code start} (which {@link #read} validated). */
    static int end(String src, int start) {
        char quote = src.charAt(start);
        int i = start + 1;
        while (src.charAt(i) != quote) {
            i += src.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static int escape(String src, int i, StringBuilder out, Source source) {
        char e = src.charAt(i++);
        switch (e) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\u000B');
            case '\'', '"', '\\' -> out.append(e);
            case 'x', 'u' -> {
                int len = e == 'x' ? 2 : 4;
                String hex = src.substring(i, Math.min(src.length(), i + len));
                if (hex.length() != len || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                    throw error(source, i - 2, "invalid escape \\" + e + hex);
                }
                out.append((char) Integer.parseInt(hex, 16));
                return i + len;
            }
            default -> throw error(source, i - 2, "unknown escape \\" + e);
        }
        return i;
    }

    private static TemplateException error(Source source, int index, String message) {
        return new TemplateException(source.describe(source.originOf(index)) + ": " + message);
    }
}
