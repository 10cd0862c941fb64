package dev.sluice.jinja;

import dev.sluice.jinja.Expr.BinaryOp;

/**
 * Arithmetic and ordering of two numbers as the reference computes it on JavaScript numbers: integer results stay
 * integers, {@code /} always gives a float, {@code //} floors, {@code %} takes the dividend's sign, and division by
 * zero gives infinity or NaN instead of failing.
 */
final class Arithmetic {
    private Arithmetic() {}

    /** The result, or {@code null} when {@code op} is not arithmetic or ordering (such as {@code in}). */
    static Object apply(BinaryOp op, Object l, Object r) {
        if (l instanceof Long a && r instanceof Long b) {
            return integers(op, a, b);
        }
        double a = Values.number(l);
        double b = Values.number(r);
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case FLOOR_DIV -> Math.floor(a / b);
            case MOD -> a % b;
            default -> compare(op, a, b);
        };
    }

    private static Object integers(BinaryOp op, long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> (double) a / b;
            case FLOOR_DIV -> b == 0 ? (Object) Math.floor((double) a / b) : (Object) Math.floorDiv(a, b);
            case MOD -> b == 0 ? (Object) Double.NaN : (Object) (a % b);
            default -> compare(op, a, b);
        };
    }

    private static Object compare(BinaryOp op, double a, double b) {
        return switch (op) {
            case LT -> a < b;
            case GT -> a > b;
            case LE -> a <= b;
            case GE -> a >= b;
            default -> null;
        };
    }
}
