package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Python's {@code str.split} and {@code str.rsplit}, the first as the reference implements it. */
final class Split {
    private Split() {}

    static List<Object> split(String s, String sep, long maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            String text = Js.trimStart(s);
            int i = 0;
            while (i < text.length()) {
                int end = i;
                while (end < text.length() && !Js.isSpace(text.charAt(end))) {
                    end++;
                }
                if (maxsplit != -1 && out.size() >= maxsplit) {
                    out.add(text.substring(i));
                    return out;
                }
                out.add(text.substring(i, end));
                i = end;
                while (i < text.length() && Js.isSpace(text.charAt(i))) {
                    i++;
                }
            }
            return out;
        }
        List<String> parts = parts(s, sep);
        if (maxsplit != -1 && parts.size() > maxsplit) {
            int keep = (int) (maxsplit < 0 ? Math.max(parts.size() + maxsplit, 0) : maxsplit);
            out.addAll(parts.subList(0, keep));
            out.add(String.join(sep, parts.subList(keep, parts.size())));
            return out;
        }
        out.addAll(parts);
        return out;
    }

    /** Splits from the right: at most {@code maxsplit} splits, counted from the end. */
    static List<Object> rsplit(String s, String sep, long maxsplit) {
        if (sep == null) {
            List<Object> words = split(s, null, -1);
            if (maxsplit < 0 || words.size() <= maxsplit + 1) {
                return words;
            }
            String trimmed = Js.trimEnd(s);
            List<Object> out = new ArrayList<>();
            int cut = trimmed.length();
            for (int n = 0; n < maxsplit; n++) {
                int start = cut;
                while (start > 0 && !Js.isSpace(trimmed.charAt(start - 1))) {
                    start--;
                }
                out.add(trimmed.substring(start, cut));
                cut = start;
                while (cut > 0 && Js.isSpace(trimmed.charAt(cut - 1))) {
                    cut--;
                }
            }
            out.add(trimmed.substring(0, cut));
            Collections.reverse(out);
            return out;
        }
        List<String> parts = parts(s, sep);
        if (maxsplit < 0 || parts.size() <= maxsplit + 1) {
            return new ArrayList<>(parts);
        }
        int head = (int) (parts.size() - maxsplit);
        List<Object> out = new ArrayList<>();
        out.add(String.join(sep, parts.subList(0, head)));
        out.addAll(parts.subList(head, parts.size()));
        return out;
    }

    private static List<String> parts(String s, String sep) {
        if (sep.isEmpty()) {
            throw new EvalError("empty separator");
        }
        List<String> parts = new ArrayList<>();
        int at = 0;
        for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, at)) {
            parts.add(s.substring(at, i));
            at = i + sep.length();
        }
        parts.add(s.substring(at));
        return parts;
    }
}
