package dev.sluice.jinja;

import java.util.List;
import java.util.Map;

/**
 * {@code x.name} and {@code x[key]} as the reference resolves them: a mapping's own key wins over its methods
 * ({@code get}, {@code items}, {@code keys}, {@code values}, {@code dictsort}); lists and strings take integer
 * indices (negative from the end; strings by UTF-16 unit) and have {@code length} and, for strings, methods;
 * anything missing is undefined.
 */
final class Members {
    private Members() {}

    static Object get(Object object, Object key) {
        if (object instanceof Map<?, ?> || object instanceof Namespace) {
            if (!(key instanceof String name)) {
                throw new EvalError(
                        "cannot read key of type " + Values.typeName(key) + " from " + Values.typeName(object));
            }
            Map<?, ?> m = object instanceof Namespace n ? n.attributes : (Map<?, ?>) object;
            Object v = m.get(name);
            if (v != null || m.containsKey(name)) {
                return v;
            }
            return object instanceof Map<?, ?> && Methods.isMapMethod(name)
                    ? new Methods.Bound(object, name)
                    : Undefined.INSTANCE;
        }
        if (object instanceof List<?> || object instanceof String) {
            return switch (key) {
                case Long i -> index(object, i);
                case String name -> named(object, name);
                case null, default ->
                    throw new EvalError("cannot index " + Values.typeName(object) + " with " + Values.typeName(key));
            };
        }
        if (!(key instanceof String)) {
            throw new EvalError("cannot index " + Values.typeName(object) + " with " + Values.typeName(key));
        }
        return Undefined.INSTANCE;
    }

    private static Object index(Object object, long i) {
        int size = object instanceof String s ? s.length() : ((List<?>) object).size();
        long at = i < 0 ? size + i : i;
        if (at < 0 || at >= size) {
            return Undefined.INSTANCE;
        }
        return object instanceof String s ? String.valueOf(s.charAt((int) at)) : ((List<?>) object).get((int) at);
    }

    private static Object named(Object object, String name) {
        if (name.equals("length")) {
            return (long) (object instanceof String s ? s.length() : ((List<?>) object).size());
        }
        return object instanceof String && Methods.isStringMethod(name)
                ? new Methods.Bound(object, name)
                : Undefined.INSTANCE;
    }
}
