package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates expressions with Python semantics. */
final class Evaluator {
    private final Interpreter interpreter;

    Evaluator(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    Object eval(Node node, Scope scope) {
        return switch (node) {
            case Node.Literal l -> l.value();
            case Node.Name n -> scope.lookup(n.name());
            case Node.ListExpr l -> {
                List<Object> out = new ArrayList<>();
                l.items().forEach(i -> out.add(eval(i, scope)));
                yield out;
            }
            case Node.DictExpr d -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) {
                    out.put(eval(d.keys().get(i), scope), eval(d.values().get(i), scope));
                }
                yield out;
            }
            case Node.Attr a -> attribute(eval(a.target(), scope), a.name());
            case Node.Item i -> item(eval(i.target(), scope), eval(i.index(), scope));
            case Node.Slice s -> Slicing.slice(eval(s.target(), scope), opt(s.start(), scope), opt(s.stop(), scope),
                    opt(s.step(), scope));
            case Node.Call c -> call(c, scope);
            case Node.Filter f -> applyFilter(f, eval(f.target(), scope), scope);
            case Node.Test t -> test(t, scope);
            case Node.Unary u -> unary(u, scope);
            case Node.Binary b -> binary(b, scope);
            case Node.Ternary t -> Values.truthy(eval(t.test(), scope)) ? eval(t.then(), scope) : eval(t.otherwise(), scope);
            default -> throw new TemplateException("line " + node.line() + ": a statement is not an expression");
        };
    }

    private Object opt(Node n, Scope scope) {
        return n == null ? null : eval(n, scope);
    }

    static Object attribute(Object target, String name) {
        target = Values.normalize(target);
        return switch (target) {
            case Map<?, ?> m -> m.containsKey(name) ? m.get(name) : Undefined.INSTANCE;
            case Namespace ns -> ns.attributes.containsKey(name) ? ns.attributes.get(name) : Undefined.INSTANCE;
            default -> Undefined.INSTANCE;
        };
    }

    static Object item(Object target, Object index) {
        target = Values.normalize(target);
        index = Values.normalize(index);
        if (target instanceof Map<?, ?> m) {
            if (m.containsKey(index)) {
                return m.get(index);
            }
            return index instanceof String s ? attribute(target, s) : Undefined.INSTANCE;
        }
        if (target instanceof Namespace ns && index instanceof String s) {
            return attribute(ns, s);
        }
        if (index instanceof Long i) {
            if (target instanceof List<?> l) {
                long at = i < 0 ? l.size() + i : i;
                return at >= 0 && at < l.size() ? l.get((int) at) : Undefined.INSTANCE;
            }
            if (target instanceof String s) {
                int[] cps = s.codePoints().toArray();
                long at = i < 0 ? cps.length + i : i;
                return at >= 0 && at < cps.length ? new String(Character.toChars(cps[(int) at])) : Undefined.INSTANCE;
            }
        }
        return Undefined.INSTANCE;
    }

    private Object call(Node.Call c, Scope scope) {
        List<Object> args = new ArrayList<>();
        c.args().forEach(a -> args.add(eval(a, scope)));
        Map<String, Object> kwargs = new LinkedHashMap<>();
        c.kwargs().forEach((k, v) -> kwargs.put(k, eval(v, scope)));
        if (c.callee() instanceof Node.Attr a) {
            Object target = Values.normalize(eval(a.target(), scope));
            if (!(target instanceof Map<?, ?> m && m.get(a.name()) instanceof JinjaFunction)
                    && !(target instanceof Namespace)) {
                return Methods.call(target, a.name(), args, kwargs);
            }
        }
        Object callee = eval(c.callee(), scope);
        if (callee instanceof JinjaFunction f) {
            return f.call(args, kwargs);
        }
        throw new TemplateException("line " + c.line() + ": " + describe(c.callee()) + " is not callable");
    }

    private static String describe(Node n) {
        return switch (n) {
            case Node.Name name -> "'" + name.name() + "'";
            case Node.Attr a -> "'" + a.name() + "'";
            default -> "the expression";
        };
    }

    Object applyFilter(Node.Filter f, Object value, Scope scope) {
        List<Object> args = new ArrayList<>();
        f.args().forEach(a -> args.add(eval(a, scope)));
        Map<String, Object> kwargs = new LinkedHashMap<>();
        f.kwargs().forEach((k, v) -> kwargs.put(k, eval(v, scope)));
        return Filters.apply(f.name(), value, args, kwargs, f.line());
    }

    private Object test(Node.Test t, Scope scope) {
        Object value = eval(t.target(), scope);
        List<Object> args = new ArrayList<>();
        t.args().forEach(a -> args.add(eval(a, scope)));
        boolean result = Tests.apply(t.name(), value, args, t.line());
        return t.negated() != result;
    }

    private Object unary(Node.Unary u, Scope scope) {
        Object v = Values.normalize(eval(u.operand(), scope));
        return switch (u.op()) {
            case "not" -> !Values.truthy(v);
            case "-" -> switch (v) {
                case Long l -> -l;
                case Double d -> -d;
                default -> throw new TemplateException("line " + u.line() + ": cannot negate " + Values.typeName(v));
            };
            default -> v;
        };
    }

    private Object binary(Node.Binary b, Scope scope) {
        if (b.op().equals("and")) {
            Object left = eval(b.left(), scope);
            return Values.truthy(left) ? eval(b.right(), scope) : left;
        }
        if (b.op().equals("or")) {
            Object left = eval(b.left(), scope);
            return Values.truthy(left) ? left : eval(b.right(), scope);
        }
        Object left = Values.normalize(eval(b.left(), scope));
        Object right = Values.normalize(eval(b.right(), scope));
        return switch (b.op()) {
            case "==" -> Values.equal(left, right);
            case "!=" -> !Values.equal(left, right);
            case "<" -> Values.compare(left, right) < 0;
            case ">" -> Values.compare(left, right) > 0;
            case "<=" -> Values.compare(left, right) <= 0;
            case ">=" -> Values.compare(left, right) >= 0;
            case "in" -> contains(right, left);
            case "not in" -> !contains(right, left);
            case "~" -> Values.str(left) + Values.str(right);
            default -> Arithmetic.apply(b.op(), left, right, b.line());
        };
    }

    static boolean contains(Object container, Object item) {
        return switch (Values.normalize(container)) {
            case String s -> item instanceof String x && s.contains(x);
            case List<?> l -> l.stream().anyMatch(x -> Values.equal(x, item));
            case Map<?, ?> m -> m.containsKey(item);
            case Namespace n -> n.attributes.containsKey(item);
            case Undefined u -> false;
            case null -> false;
            default -> throw new TemplateException("'in' needs a string, list or mapping on the right, not "
                    + Values.typeName(container));
        };
    }
}
