package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code + - * / // % **} with Python's rules for integers, floats, strings and lists. */
final class Arithmetic {
    private Arithmetic() {}

    static Object apply(String op, Object a, Object b, int line) {
        if (op.equals("+") && a instanceof String x && b instanceof String y) {
            return x + y;
        }
        if (op.equals("+") && a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return out;
        }
        if (op.equals("*") && a instanceof String s && b instanceof Long n) {
            return s.repeat((int) Math.max(0, n));
        }
        if (op.equals("*") && a instanceof List<?> l && b instanceof Long n) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.addAll(l);
            }
            return out;
        }
        if (a instanceof Boolean x) {
            a = x ? 1L : 0L;
        }
        if (b instanceof Boolean y) {
            b = y ? 1L : 0L;
        }
        if (!(Values.isNumber(a) && Values.isNumber(b))) {
            throw new TemplateException("line " + line + ": unsupported operand types for " + op + ": "
                    + Values.typeName(a) + " and " + Values.typeName(b));
        }
        if (a instanceof Long x && b instanceof Long y) {
            return integers(op, x, y, line);
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> divide(x, y, line);
            case "//" -> Math.floor(divide(x, y, line));
            case "%" -> x - y * Math.floor(divide(x, y, line));
            case "**" -> Math.pow(x, y);
            default -> throw new TemplateException("line " + line + ": unknown operator " + op);
        };
    }

    private static Object integers(String op, long x, long y, int line) {
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> divide(x, y, line);
            case "//" -> {
                nonZero(y, line);
                yield Math.floorDiv(x, y);
            }
            case "%" -> {
                nonZero(y, line);
                yield Math.floorMod(x, y);
            }
            case "**" -> y >= 0 ? (long) Math.pow(x, y) : (Object) Math.pow(x, y);
            default -> throw new TemplateException("line " + line + ": unknown operator " + op);
        };
    }

    private static double divide(double x, double y, int line) {
        nonZero(y, line);
        return x / y;
    }

    private static void nonZero(double y, int line) {
        if (y == 0) {
            throw new TemplateException("line " + line + ": division by zero");
        }
    }

    static List<Object> reversed(List<?> l) {
        List<Object> out = new ArrayList<>(l);
        Collections.reverse(out);
        return out;
    }
}
