package dev.sluice.jinja;

import dev.sluice.jinja.Expr.BinaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binary operators other than {@code and}/{@code or}, with the reference renderer's semantics: {@code ==} is
 * JavaScript's loose equality (so undefined equals none), any other operator on undefined or none fails,
 * {@code ~} and a {@code +} with a string operand concatenate JavaScript texts, {@code %} keeps the dividend's sign,
 * {@code /} by zero is infinite. Beyond the reference, Python's string comparison and repetition work too.
 */
final class Operators {
    private Operators() {}

    static Object apply(BinaryOp op, Object l, Object r) {
        if (op == BinaryOp.EQ || op == BinaryOp.NE) {
            return Equality.loose(l, r) == (op == BinaryOp.EQ);
        }
        if (l instanceof Undefined || r instanceof Undefined) {
            if (r instanceof Undefined && (op == BinaryOp.IN || op == BinaryOp.NOT_IN)) {
                return op == BinaryOp.NOT_IN;
            }
            throw new EvalError("cannot apply '" + op.symbol + "' to an undefined value");
        }
        if (l == null || r == null) {
            throw new EvalError("cannot apply '" + op.symbol + "' to none");
        }
        if (op == BinaryOp.CONCAT) {
            return Values.jsText(l) + Values.jsText(r);
        }
        if (op == BinaryOp.POW && numeric(l) && numeric(r)) {
            return power(l, r);
        }
        Object result = Values.isNumber(l) && Values.isNumber(r) ? Arithmetic.apply(op, l, r) : collections(op, l, r);
        if (result != null) {
            return result;
        }
        if ((l instanceof String || r instanceof String) && op == BinaryOp.ADD) {
            return Values.jsText(l) + Values.jsText(r);
        }
        result = strings(op, l, r);
        if (result != null) {
            return result;
        }
        throw new EvalError("unsupported operand types for '" + op.symbol + "': " + Values.typeName(l) + " and "
                + Values.typeName(r));
    }

    private static Object collections(BinaryOp op, Object l, Object r) {
        if (l instanceof List<?> a && r instanceof List<?> b) {
            if (op != BinaryOp.ADD) {
                return null;
            }
            List<Object> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
        if (r instanceof List<?> items && (op == BinaryOp.IN || op == BinaryOp.NOT_IN)) {
            boolean member = items.stream().anyMatch(x -> Equality.strict(x, l));
            return member == (op == BinaryOp.IN);
        }
        return null;
    }

    private static Object strings(BinaryOp op, Object l, Object r) {
        boolean in = op == BinaryOp.IN || op == BinaryOp.NOT_IN;
        if (l instanceof String a && r instanceof String b) {
            return switch (op) {
                case IN, NOT_IN -> b.contains(a) == (op == BinaryOp.IN);
                case LT -> a.compareTo(b) < 0;
                case GT -> a.compareTo(b) > 0;
                case LE -> a.compareTo(b) <= 0;
                case GE -> a.compareTo(b) >= 0;
                default -> null;
            };
        }
        if (l instanceof String a && r instanceof Map<?, ?> m && in) {
            return m.containsKey(a) == (op == BinaryOp.IN);
        }
        if (op == BinaryOp.MUL && l instanceof String s && r instanceof Long n) {
            if (n * (long) s.length() > 100_000_000L) {
                throw new EvalError("string repetition is too long");
            }
            return s.repeat((int) Math.max(0, n));
        }
        return null;
    }

    private static boolean numeric(Object v) {
        return Values.isNumber(v) || v instanceof Boolean;
    }

    private static Object power(Object l, Object r) {
        double a = l instanceof Boolean b ? (b ? 1 : 0) : Values.number(l);
        double b = r instanceof Boolean x ? (x ? 1 : 0) : Values.number(r);
        if (a == 0 && b < 0) {
            throw new EvalError("0.0 cannot be raised to a negative power");
        }
        double result = Math.pow(a, b);
        if (Double.isNaN(result) || Double.isInfinite(result)) {
            throw new EvalError("exponentiation result is not a finite real number");
        }
        boolean isFloat = l instanceof Double || r instanceof Double || b < 0;
        return isFloat || Math.abs(result) >= 0x1p63 ? (Object) result : (Object) (long) result;
    }
}
