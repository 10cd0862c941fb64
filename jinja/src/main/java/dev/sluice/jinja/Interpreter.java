package dev.sluice.jinja;

import dev.sluice.jinja.Stmt.Target;
import java.util.List;

/**
 * Runs statements for one render, writing output as it goes. Scoping follows the reference renderer: a loop has one
 * scope for all its iterations; {@code if} bodies share the enclosing scope; a macro runs in a scope over its
 * caller's. An iteration left by {@code break} or {@code continue} contributes no output, as in the reference.
 */
final class Interpreter {
    /** Unwinds to the innermost loop, without a stack trace; {@code at} is where the statement is. */
    static final class LoopSignal extends RuntimeException {
        final boolean isBreak;
        final int at;

        LoopSignal(boolean isBreak, int at) {
            super(null, null, false, false);
            this.isBreak = isBreak;
            this.at = at;
        }
    }

    private final Evaluator eval;
    private final Loops loops;
    private final Macros macros;

    Interpreter(int[] lineStarts) {
        this.eval = new Evaluator(this, lineStarts);
        this.loops = new Loops(this, eval);
        this.macros = new Macros(this, eval);
    }

    String render(List<Stmt> body, Scope scope) {
        StringBuilder out = new StringBuilder();
        execute(body, scope, out);
        return out.toString();
    }

    void execute(List<Stmt> body, Scope scope, StringBuilder out) {
        for (Stmt s : body) {
            try {
                execute(s, scope, out);
            } catch (EvalError err) {
                throw eval.located(s.at(), err);
            }
        }
    }

    private void execute(Stmt stmt, Scope scope, StringBuilder out) {
        switch (stmt) {
            case Stmt.Text t -> out.append(t.text());
            case Stmt.Output o -> print(eval.eval(o.expr(), scope), out);
            case Stmt.If i -> execute(Values.truthy(eval.eval(i.test(), scope)) ? i.then() : i.otherwise(), scope, out);
            case Stmt.For f -> loops.run(f, scope, out);
            case Stmt.Set s -> {
                Object value = s.value().isPresent() ? eval.eval(s.value().get(), scope) : render(s.body(), scope);
                assign(s.target(), value, scope);
            }
            case Stmt.Macro m -> scope.set(m.name(), new Callable.Macro(m));
            case Stmt.CallBlock c -> print(macros.callBlock(c, scope), out);
            case Stmt.FilterBlock f -> {
                String body = render(f.body(), scope);
                print(Filters.apply(f.name(), body, eval.arguments(f.name(), f.args(), scope), f.called()), out);
            }
            case Stmt.Break b -> throw new LoopSignal(true, b.at());
            case Stmt.Continue c -> throw new LoopSignal(false, c.at());
        }
    }

    private static void print(Object v, StringBuilder out) {
        if (v != null && !(v instanceof Undefined)) {
            out.append(Values.display(v));
        }
    }

    void assign(Target target, Object value, Scope scope) {
        switch (target) {
            case Target.Variable v -> scope.set(v.name(), value);
            case Target.Unpack u -> {
                if (!(value instanceof List<?> items)) {
                    throw new EvalError("cannot unpack " + Values.typeName(value) + " into "
                            + u.names().size() + " names");
                }
                if (items.size() != u.names().size()) {
                    throw new EvalError("too " + (items.size() < u.names().size() ? "few" : "many")
                            + " items to unpack: expected " + u.names().size() + ", got " + items.size());
                }
                for (int i = 0; i < items.size(); i++) {
                    scope.set(u.names().get(i), items.get(i));
                }
            }
            case Target.Attribute a -> {
                if (!(eval.eval(a.object(), scope) instanceof Namespace ns)) {
                    throw new EvalError(
                            "cannot set attribute '" + a.name() + "': only a namespace has assignable " + "attributes");
                }
                ns.attributes.put(a.name(), value);
            }
        }
    }

    /** Calls a function value; {@code callerScope} is where a macro's scope starts. */
    Object invoke(Object fn, Args args, Scope callerScope, String name) {
        return switch (fn) {
            case Callable c -> macros.call(c, args, callerScope);
            case NativeFunction f -> f.call(args.positional(), args.kwargs());
            case JinjaFunction f -> {
                Object result;
                try {
                    result = f.call(args.positional(), args.kwargs());
                } catch (TemplateException | LoopSignal e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new EvalError(name + " failed: " + e);
                }
                yield Values.convert(result);
            }
            case null, default -> throw new EvalError(name + " is not callable; it is " + Values.typeName(fn));
        };
    }
}
