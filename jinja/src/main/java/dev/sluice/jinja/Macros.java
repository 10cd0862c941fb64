package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Macro calls and {@code {% call %}} blocks. Arguments bind by position, then by keyword, then by default (defaults
 * are evaluated after every parameter is bound); extra arguments fail unless the body reads {@code varargs} or
 * {@code kwargs}.
 */
final class Macros {
    private final Interpreter interpreter;
    private final Evaluator eval;

    Macros(Interpreter interpreter, Evaluator eval) {
        this.interpreter = interpreter;
        this.eval = eval;
    }

    String call(Callable c, Args args, Scope callerScope) {
        return switch (c) {
            case Callable.Macro m -> {
                Stmt.Macro d = m.definition();
                Scope scope = new Scope(callerScope);
                bind("'" + d.name() + "'", d.params(), d.takesKwargs(), d.takesVarargs(), args, scope);
                yield interpreter.render(d.body(), scope);
            }
            case Callable.Caller k -> {
                Stmt.CallBlock b = k.block();
                Scope scope = new Scope(k.scope());
                bind("None", b.params(), b.takesKwargs(), b.takesVarargs(), args, scope);
                yield interpreter.render(b.body(), scope);
            }
        };
    }

    /** Runs {@code {% call %}}: the macro sees the block's body as {@code caller}. */
    Object callBlock(Stmt.CallBlock block, Scope scope) {
        Args args = eval.arguments("call", block.call().args(), scope);
        Object fn = eval.eval(block.call().callee(), scope);
        Scope withCaller = new Scope(scope);
        withCaller.set("caller", new Callable.Caller(block, scope));
        return interpreter.invoke(
                fn, args, withCaller, "'" + ((Expr.Name) block.call().callee()).name() + "'");
    }

    private void bind(
            String name, List<Stmt.Param> params, boolean takesKwargs, boolean takesVarargs, Args args, Scope scope) {
        List<Object> positional = args.positional();
        Map<String, Object> kwargs = new LinkedHashMap<>(args.kwargs());
        List<Stmt.Param> pending = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Stmt.Param p = params.get(i);
            if (i < positional.size()) {
                scope.set(p.name(), positional.get(i));
            } else if (kwargs.containsKey(p.name())) {
                scope.set(p.name(), kwargs.remove(p.name()));
            } else {
                scope.set(p.name(), Undefined.INSTANCE);
                if (p.defaultValue().isPresent()) {
                    pending.add(p);
                }
            }
        }
        if (takesKwargs) {
            scope.set("kwargs", kwargs);
        } else if (!kwargs.isEmpty()) {
            throw new EvalError("macro " + name + " takes no keyword argument '"
                    + kwargs.keySet().iterator().next() + "'");
        }
        if (takesVarargs) {
            scope.set(
                    "varargs",
                    new ArrayList<>(positional.subList(Math.min(params.size(), positional.size()), positional.size())));
        } else if (positional.size() > params.size()) {
            throw new EvalError("macro " + name + " takes not more than " + params.size() + " argument(s)");
        }
        for (Stmt.Param p : pending) {
            scope.set(p.name(), eval.eval(p.defaultValue().get(), scope));
        }
    }
}
