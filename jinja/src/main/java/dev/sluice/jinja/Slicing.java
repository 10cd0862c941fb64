package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code x[start:stop:step]} of lists and strings (by code point), as the reference's {@code slice} computes it. Unlike
 * Python, with a negative step an explicit stop of -1 means "through the first item", and a zero step is empty.
 */
final class Slicing {
    private Slicing() {}

    static Object slice(Object target, Object start, Object stop, Object step) {
        long from = bound(start, "start");
        long to = bound(stop, "stop");
        long by = step instanceof Undefined ? 1 : bound(step, "step");
        if (target instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i : indices(l.size(), start, from, stop, to, by)) {
                out.add(l.get(i));
            }
            return out;
        }
        if (target instanceof String s) {
            int[] cps = s.codePoints().toArray();
            StringBuilder out = new StringBuilder();
            for (int i : indices(cps.length, start, from, stop, to, by)) {
                out.appendCodePoint(cps[i]);
            }
            return out.toString();
        }
        throw new EvalError("cannot slice " + Values.typeName(target) + "; only a list or a string");
    }

    private static long bound(Object v, String name) {
        if (v instanceof Undefined) {
            return 0;
        }
        if (!(v instanceof Long l)) {
            throw new EvalError("slice " + name + " must be an integer, not " + Values.typeName(v));
        }
        return l;
    }

    private static int[] indices(int len, Object startArg, long start, Object stopArg, long stop, long step) {
        boolean omitStart = startArg instanceof Undefined;
        boolean omitStop = stopArg instanceof Undefined;
        long first;
        long end;
        if (step >= 0) {
            first = omitStart ? 0 : start < 0 ? Math.max(len + start, 0) : Math.min(start, len);
            end = omitStop ? len : stop < 0 ? Math.max(len + stop, 0) : Math.min(stop, len);
        } else {
            first = omitStart ? len - 1 : start < 0 ? Math.max(len + start, -1) : Math.min(start, len - 1);
            end = omitStop ? -1 : stop < -1 ? Math.max(len + stop, -1) : Math.min(stop, len - 1);
        }
        long direction = Long.signum(step);
        List<Integer> out = new ArrayList<>();
        for (long i = first; direction * i < direction * end; i += step) {
            out.add((int) i);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
