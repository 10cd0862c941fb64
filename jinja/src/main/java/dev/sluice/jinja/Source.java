package dev.sluice.jinja;

import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template's text after the whitespace rules the reference renderer applies before lexing, remembering for every
 * character its offset in the original text so errors can name the original line and column.
 *
 * <p>The rules, in the reference's order: one trailing newline dropped; {@code lstrip_blocks} (spaces and tabs
 * before {@code {%}, {@code {#} or {@code {-} at the start of a line removed); {@code trim_blocks} (the newline
 * right after {@code %}}, {@code #}} or {@code -}} removed); {@code generation} tags removed, with their
 * {@code -} markers trimming the whitespace around them. The patterns are the reference's, with JavaScript's
 * {@code \s} and line-start semantics spelled out.
 */
final class Source {
    /** JavaScript's {@code \s}: Unicode white space, line terminators and the byte order mark. */
    static final String JS_SPACE =
            "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";

    private static final Pattern LSTRIP = Pattern.compile("(?:^|(?<=[\\n\\r\\u2028\\u2029]))[ \\t]*(\\{[#%-])");
    private static final Pattern TRIM = Pattern.compile("([#%-]})\\n");
    private static final Pattern GENERATION = Pattern.compile(
            "(" + JS_SPACE + "*)\\{%(-?)" + JS_SPACE + "*(?:end)?generation" + JS_SPACE + "*(-?)%}(" + JS_SPACE + "*)");

    final String text;
    private final int[] origin;
    private final int[] lineStarts;

    private Source(String text, int[] origin, int[] lineStarts) {
        this.text = text;
        this.origin = origin;
        this.lineStarts = lineStarts;
    }

    static Source of(String template) {
        String t = template.endsWith("\n") ? template.substring(0, template.length() - 1) : template;
        int[] origin = new int[t.length() + 1];
        Arrays.setAll(origin, i -> i);
        Source s = new Source(t, origin, lineStarts(template));
        s = s.replace(LSTRIP, m -> new int[] {m.start(1), m.end(1)});
        s = s.replace(TRIM, m -> new int[] {m.start(1), m.end(1)});
        if (!s.text.contains("generation")) {
            return s;
        }
        return s.replace(GENERATION, m -> new int[] {
            m.start(1), m.group(2).isEmpty() ? m.end(1) : m.start(1),
            m.start(4), m.group(3).isEmpty() ? m.end(4) : m.start(4)
        });
    }

    /** Replaces every match by the text of the ranges {@code keep} returns, as {@code [start, end, start, end...]}. */
    private Source replace(Pattern pattern, Function<MatchResult, int[]> keep) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int[] map = new int[text.length() + 1];
        int n = 0;
        int last = 0;
        while (m.find()) {
            n = copy(last, m.start(), out, map, n);
            int[] ranges = keep.apply(m);
            for (int i = 0; i < ranges.length; i += 2) {
                n = copy(ranges[i], ranges[i + 1], out, map, n);
            }
            last = m.end();
        }
        n = copy(last, text.length(), out, map, n);
        map[n] = origin[text.length()];
        return new Source(out.toString(), Arrays.copyOf(map, n + 1), lineStarts);
    }

    private int copy(int from, int to, StringBuilder out, int[] map, int n) {
        out.append(text, from, to);
        for (int i = from; i < to; i++) {
            map[n++] = origin[i];
        }
        return n;
    }

    private static int[] lineStarts(String template) {
        int[] starts = new int[8];
        int lines = 1;
        for (int i = 0; i < template.length(); i++) {
            if (template.charAt(i) == '\n') {
                if (lines == starts.length) {
                    starts = Arrays.copyOf(starts, lines * 2);
                }
                starts[lines++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, lines);
    }

    /** The original offset of the character at {@code index} of the processed text. */
    int originOf(int index) {
        return origin[Math.min(index, origin.length - 1)];
    }

    /** {@code line:column} (both 1-based) of an original offset. */
    String describe(int offset) {
        return describe(lineStarts, offset);
    }

    static String describe(int[] lineStarts, int offset) {
        int line = Arrays.binarySearch(lineStarts, offset);
        if (line < 0) {
            line = -line - 2;
        }
        return (line + 1) + ":" + (offset - lineStarts[line] + 1);
    }

    int[] lineStarts() {
        return lineStarts;
    }
}
