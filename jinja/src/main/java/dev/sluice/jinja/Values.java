package dev.sluice.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Template values are plain Java objects: {@code null} (none), {@link Undefined}, {@link Boolean}, {@link Long}
 * (integers), {@link Double} (floats), {@link String}, {@link List}, {@link Map} with string keys,
 * {@link Namespace}, {@link JinjaFunction} and {@link Callable}. This class converts caller values into that form
 * and gives them the reference renderer's truthiness and text forms.
 */
final class Values {
    private Values() {}

    /**
     * A deep copy of a caller's value in template form. Like the reference, an integral float becomes an integer
     * ({@code 2.0} from JSON prints as {@code 2}).
     */
    static Object convert(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : integral(b.doubleValue());
            case Double d -> integral(d);
            case Float f -> integral(f.doubleValue());
            case BigDecimal d -> integral(d.doubleValue());
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(String.valueOf(k), convert(x)));
                yield out;
            }
            case Collection<?> c -> {
                List<Object> out = new ArrayList<>(c.size());
                c.forEach(x -> out.add(convert(x)));
                yield out;
            }
            case Object[] a -> convert(List.of(a));
            case Optional<?> o -> convert(o.orElse(null));
            case CharSequence s -> s.toString();
            case Character c -> c.toString();
            case Enum<?> e -> e.name();
            case JinjaFunction f -> f;
            case Undefined u -> u;
            case Namespace n -> n;
            case Callable c -> c;
            default ->
                throw new EvalError("unsupported value of type " + v.getClass().getName() + " in the context");
        };
    }

    private static Object integral(double d) {
        return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Object) (long) d : d;
    }

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0 && !d.isNaN();
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    static double number(Object v) {
        return ((Number) v).doubleValue();
    }

    static boolean isCallable(Object v) {
        return v instanceof JinjaFunction || v instanceof Callable;
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "none";
            case Undefined u -> "undefined";
            case Boolean b -> "boolean";
            case Long l -> "integer";
            case Double d -> "float";
            case String s -> "string";
            case List<?> l -> "list";
            case Map<?, ?> m -> "mapping";
            case Namespace n -> "namespace";
            default -> "function";
        };
    }

    /** How a value prints in {@code {{ }}} (the reference's {@code toString}); none and undefined print nothing. */
    static String display(Object v) {
        return switch (v) {
            case null -> "null";
            case Undefined u -> "undefined";
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Double d -> floatText(d);
            case String s -> s;
            case List<?> l -> Json.write(l, Json.Options.DISPLAY);
            case Map<?, ?> m -> Json.write(m, Json.Options.DISPLAY);
            case Namespace n -> Json.write(n, Json.Options.DISPLAY);
            default -> "[function]";
        };
    }

    /** A float prints with at least one decimal ({@code 1.0}, {@code -0.0}), otherwise as JavaScript prints it. */
    static String floatText(double d) {
        if (d == 0 && 1 / d < 0) {
            return "-0.0";
        }
        return d == Math.rint(d) ? Js.toFixed1(d) : Js.toString(d);
    }

    /**
     * The JavaScript text of the underlying value, which {@code ~} and string {@code +} concatenate: floats without a
     * forced decimal ({@code 1.0 ~ ''} is {@code 1}), lists as comma-joined items, mappings as {@code [object Map]}.
     */
    static String jsText(Object v) {
        return switch (v) {
            case null -> "null";
            case Long l -> l.toString();
            case Double d -> Js.toString(d);
            case List<?> l -> {
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < l.size(); i++) {
                    out.append(i > 0 ? "," : "").append(display(l.get(i)));
                }
                yield out.toString();
            }
            case Map<?, ?> m -> "[object Map]";
            case Namespace n -> "[object Map]";
            default -> display(v);
        };
    }
}
