package dev.sluice.jinja;

import java.util.List;
import java.util.Map;

/**
 * The {@code is} tests of the reference renderer. Note its definitions: {@code iterable} is a list or string,
 * {@code sequence} also a mapping, {@code mapping} excludes namespaces, {@code odd}/{@code even} fail on
 * non-integers, {@code eq}/{@code equalto} are strict. Beyond the reference: {@code float}, {@code divisibleby},
 * {@code sameas}, {@code in}, {@code ne}, {@code gt}, {@code ge}, {@code lt}, {@code le}, with arguments in
 * parentheses ({@code x is divisibleby(3)}).
 */
final class Tests {
    private Tests() {}

    static boolean apply(String name, Object v, List<Object> args) {
        return switch (name) {
            case "boolean" -> v instanceof Boolean;
            case "callable" -> Values.isCallable(v);
            case "odd", "even" -> {
                if (!(v instanceof Long l)) {
                    throw new EvalError("test '" + name + "' needs an integer, not " + Values.typeName(v));
                }
                yield (l % 2 != 0) == name.equals("odd");
            }
            case "false" -> Boolean.FALSE.equals(v);
            case "true" -> Boolean.TRUE.equals(v);
            case "none" -> v == null;
            case "string" -> v instanceof String;
            case "number" -> Values.isNumber(v);
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "iterable" -> v instanceof List<?> || v instanceof String;
            case "mapping" -> v instanceof Map<?, ?>;
            case "sequence" -> v instanceof List<?> || v instanceof Map<?, ?> || v instanceof String;
            case "lower" -> v instanceof String s && s.equals(Text.lower(s));
            case "upper" -> v instanceof String s && s.equals(Text.upper(s));
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            default -> compare(name, v, args);
        };
    }

    private static boolean compare(String name, Object v, List<Object> args) {
        return switch (name) {
            case "equalto", "eq", "sameas" -> Equality.strict(v, arg(name, args));
            case "ne" -> !Equality.strict(v, arg(name, args));
            case "divisibleby" -> v instanceof Long l && arg(name, args) instanceof Long d && d != 0 && l % d == 0;
            case "in" -> (Boolean) Operators.apply(Expr.BinaryOp.IN, v, arg(name, args));
            case "gt" -> (Boolean) Operators.apply(Expr.BinaryOp.GT, v, arg(name, args));
            case "ge" -> (Boolean) Operators.apply(Expr.BinaryOp.GE, v, arg(name, args));
            case "lt" -> (Boolean) Operators.apply(Expr.BinaryOp.LT, v, arg(name, args));
            case "le" -> (Boolean) Operators.apply(Expr.BinaryOp.LE, v, arg(name, args));
            default -> throw new EvalError("unknown test '" + name + "'");
        };
    }

    private static Object arg(String name, List<Object> args) {
        return args.isEmpty() ? Undefined.INSTANCE : args.getFirst();
    }
}
