package dev.sluice.jinja;

import dev.sluice.jinja.Expr.Arg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expressions. An error below an expression ({@link EvalError}) becomes a {@link TemplateException} that
 * names the line and column of the innermost expression that failed.
 */
final class Evaluator {
    private final Interpreter interpreter;
    private final int[] lineStarts;

    Evaluator(Interpreter interpreter, int[] lineStarts) {
        this.interpreter = interpreter;
        this.lineStarts = lineStarts;
    }

    Object eval(Expr e, Scope s) {
        try {
            return evaluate(e, s);
        } catch (EvalError err) {
            throw located(e.at(), err);
        }
    }

    TemplateException located(int at, EvalError err) {
        return new TemplateException(Source.describe(lineStarts, at) + ": " + err.getMessage());
    }

    private Object evaluate(Expr e, Scope s) {
        return switch (e) {
            case Expr.Literal l -> l.value();
            case Expr.Name n -> s.lookup(n.name());
            case Expr.ListLiteral l -> {
                List<Object> out = new ArrayList<>(l.items().size());
                l.items().forEach(x -> out.add(eval(x, s)));
                yield out;
            }
            case Expr.DictLiteral d -> dict(d, s);
            case Expr.Member m -> Members.get(eval(m.object(), s), m.name());
            case Expr.Index i -> Members.get(eval(i.object(), s), eval(i.index(), s));
            case Expr.Slice sl ->
                Slicing.slice(eval(sl.object(), s), eval(sl.start(), s), eval(sl.stop(), s), eval(sl.step(), s));
            case Expr.Call c -> {
                Args args = arguments("call", c.args(), s);
                yield interpreter.invoke(callee(c.callee(), s), args, s, describe(c.callee()));
            }
            case Expr.Filter f -> {
                Object operand = eval(f.operand(), s);
                yield Filters.apply(f.name(), operand, arguments(f.name(), f.args(), s), f.called());
            }
            case Expr.Test t -> {
                Object operand = eval(t.operand(), s);
                yield t.negated()
                        != Tests.apply(
                                t.name(),
                                operand,
                                arguments(t.name(), t.args(), s).positional());
            }
            case Expr.Unary u -> unary(u, eval(u.operand(), s));
            case Expr.Binary b -> binary(b, s);
            case Expr.Ternary t -> Values.truthy(eval(t.condition(), s)) ? eval(t.then(), s) : eval(t.otherwise(), s);
            case Expr.Select sel -> Values.truthy(eval(sel.condition(), s)) ? eval(sel.value(), s) : Undefined.INSTANCE;
        };
    }

    /** The function a call calls; a missing method is named with the type that lacks it. */
    private Object callee(Expr callee, Scope s) {
        if (!(callee instanceof Expr.Member m)) {
            return eval(callee, s);
        }
        Object object = eval(m.object(), s);
        Object fn = Members.get(object, m.name());
        if (fn instanceof Undefined) {
            throw located(m.at(), new EvalError(Values.typeName(object) + " has no method '" + m.name() + "'"));
        }
        return fn;
    }

    private Object dict(Expr.DictLiteral d, Scope s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < d.keys().size(); i++) {
            if (!(eval(d.keys().get(i), s) instanceof String key)) {
                throw new EvalError("dict keys must be strings");
            }
            out.put(key, eval(d.values().get(i), s));
        }
        return out;
    }

    private static Object unary(Expr.Unary u, Object v) {
        if (u.op() == Expr.UnaryOp.NOT) {
            return !Values.truthy(v);
        }
        long sign = u.op() == Expr.UnaryOp.MINUS ? -1 : 1;
        return switch (v) {
            case Long l -> sign * l;
            case Double d -> sign * d;
            case Boolean b -> sign * (b ? 1 : 0);
            case null, default ->
                throw new EvalError("bad operand type for unary " + (sign < 0 ? "-" : "+") + ": " + Values.typeName(v));
        };
    }

    private Object binary(Expr.Binary b, Scope s) {
        Object left = eval(b.left(), s);
        return switch (b.op()) {
            case AND -> Values.truthy(left) ? eval(b.right(), s) : left;
            case OR -> Values.truthy(left) ? left : eval(b.right(), s);
            default -> Operators.apply(b.op(), left, eval(b.right(), s));
        };
    }

    /** Positional arguments (with {@code *} unpacked) first, then keyword arguments, as the reference does. */
    Args arguments(String callee, List<Arg> args, Scope s) {
        if (args.isEmpty()) {
            return new Args(callee, List.of(), Args.NO_KWARGS);
        }
        List<Object> positional = new ArrayList<>();
        for (Arg a : args) {
            if (a instanceof Arg.Positional p) {
                positional.add(eval(p.value(), s));
            } else if (a instanceof Arg.Spread sp) {
                if (!(eval(sp.value(), s) instanceof List<?> l)) {
                    throw new EvalError("'*' needs a list");
                }
                positional.addAll(l);
            }
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (Arg a : args) {
            if (a instanceof Arg.Keyword k) {
                keyword(kwargs, k.name(), eval(k.value(), s));
            } else if (a instanceof Arg.KeywordSpread ks) {
                if (!(eval(ks.value(), s) instanceof Map<?, ?> m)) {
                    throw new EvalError("'**' needs a mapping");
                }
                m.forEach((k, v) -> keyword(kwargs, (String) k, v));
            }
        }
        return new Args(callee, positional, kwargs);
    }

    private static void keyword(Map<String, Object> kwargs, String name, Object value) {
        if (kwargs.containsKey(name)) {
            throw new EvalError("got multiple values for keyword argument '" + name + "'");
        }
        kwargs.put(name, value);
    }

    private static String describe(Expr callee) {
        return switch (callee) {
            case Expr.Name n -> "'" + n.name() + "'";
            case Expr.Member m -> "'" + m.name() + "'";
            default -> "the expression";
        };
    }
}
