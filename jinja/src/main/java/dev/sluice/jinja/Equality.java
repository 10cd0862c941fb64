package dev.sluice.jinja;

import java.util.List;
import java.util.Map;

/**
 * The two equalities of the reference renderer. {@code ==} compares values with JavaScript's loose equality:
 * none equals undefined, a boolean compares as 1 or 0, a string and a number compare as numbers, lists and
 * mappings are equal only to themselves. {@code in} and {@code equalto} use strict equality: same type (integers
 * and floats are both numbers) and same value, containers by identity.
 */
final class Equality {
    private Equality() {}

    static boolean loose(Object a, Object b) {
        if (nullish(a) || nullish(b)) {
            return nullish(a) && nullish(b);
        }
        if (a instanceof Boolean x) {
            return loose(x ? 1L : 0L, b);
        }
        if (b instanceof Boolean y) {
            return loose(a, y ? 1L : 0L);
        }
        if (Values.isNumber(a) && Values.isNumber(b)) {
            return Values.number(a) == Values.number(b);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.equals(y);
        }
        if (Values.isNumber(a) && b instanceof String s) {
            return Values.number(a) == Js.toNumber(s);
        }
        if (a instanceof String s && Values.isNumber(b)) {
            return Js.toNumber(s) == Values.number(b);
        }
        boolean objectA = isObject(a);
        boolean objectB = isObject(b);
        if (objectA && objectB) {
            return a == b;
        }
        return objectA ? loose(Values.jsText(a), b) : loose(a, Values.jsText(b));
    }

    static boolean strict(Object a, Object b) {
        if (Values.isNumber(a) && Values.isNumber(b)) {
            return Values.number(a) == Values.number(b);
        }
        if (a instanceof String || a instanceof Boolean) {
            return a.equals(b);
        }
        return a == b;
    }

    private static boolean nullish(Object v) {
        return v == null || v instanceof Undefined;
    }

    private static boolean isObject(Object v) {
        return v instanceof List<?> || v instanceof Map<?, ?> || v instanceof Namespace || Values.isCallable(v);
    }
}
