package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.List;

/** Python slicing {@code [start:stop:step]} of lists and strings, negative indices and steps included. */
final class Slicing {
    private Slicing() {}

    static Object slice(Object target, Object start, Object stop, Object step) {
        target = Values.normalize(target);
        long st = step == null ? 1 : (Long) Values.normalize(step);
        if (st == 0) {
            throw new TemplateException("slice step cannot be zero");
        }
        if (target instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i : indices(l.size(), start, stop, st)) {
                out.add(l.get(i));
            }
            return out;
        }
        if (target instanceof String s) {
            int[] cps = s.codePoints().toArray();
            StringBuilder out = new StringBuilder();
            for (int i : indices(cps.length, start, stop, st)) {
                out.appendCodePoint(cps[i]);
            }
            return out.toString();
        }
        throw new TemplateException("cannot slice " + Values.typeName(target));
    }

    private static int[] indices(int len, Object startObj, Object stopObj, long step) {
        long start;
        long stop;
        if (step > 0) {
            start = startObj == null ? 0 : clamp((Long) Values.normalize(startObj), len, 0, len);
            stop = stopObj == null ? len : clamp((Long) Values.normalize(stopObj), len, 0, len);
        } else {
            start = startObj == null ? len - 1 : clamp((Long) Values.normalize(startObj), len, -1, len - 1);
            stop = stopObj == null ? -1 : clamp((Long) Values.normalize(stopObj), len, -1, len - 1);
        }
        List<Integer> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add((int) i);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long clamp(long index, int len, long lo, long hi) {
        long i = index < 0 ? index + len : index;
        return Math.max(lo, Math.min(hi, i));
    }
}
