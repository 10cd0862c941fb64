package dev.sluice.jinja;

import java.util.List;
import java.util.Map;

/** The {@code is} tests chat templates use. */
final class Tests {
    private Tests() {}

    static boolean apply(String name, Object value, List<Object> args, int line) {
        Object v = Values.normalize(value);
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "string" -> v instanceof String;
            case "number" -> Values.isNumber(v);
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "boolean" -> v instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "mapping" -> v instanceof Map<?, ?> || v instanceof Namespace;
            case "iterable" -> v instanceof List<?> || v instanceof Map<?, ?> || v instanceof String;
            case "sequence" -> v instanceof List<?> || v instanceof String;
            case "callable" -> v instanceof JinjaFunction;
            case "odd" -> v instanceof Long l && l % 2 != 0;
            case "even" -> v instanceof Long l && l % 2 == 0;
            case "divisibleby" -> v instanceof Long l && l % (Long) Values.normalize(arg(args, name, line)) == 0;
            case "lower" -> v instanceof String s && s.equals(s.toLowerCase());
            case "upper" -> v instanceof String s && s.equals(s.toUpperCase());
            case "equalto", "eq", "==", "sameas" -> Values.equal(v, arg(args, name, line));
            case "ne", "!=" -> !Values.equal(v, arg(args, name, line));
            case "gt", "greaterthan", ">" -> Values.compare(v, arg(args, name, line)) > 0;
            case "ge", ">=" -> Values.compare(v, arg(args, name, line)) >= 0;
            case "lt", "lessthan", "<" -> Values.compare(v, arg(args, name, line)) < 0;
            case "le", "<=" -> Values.compare(v, arg(args, name, line)) <= 0;
            case "in" -> Evaluator.contains(arg(args, name, line), v);
            default -> throw new TemplateException("line " + line + ": unknown test '" + name + "'");
        };
    }

    private static Object arg(List<Object> args, String name, int line) {
        if (args.isEmpty()) {
            throw new TemplateException("line " + line + ": test '" + name + "' needs an argument");
        }
        return args.getFirst();
    }
}
