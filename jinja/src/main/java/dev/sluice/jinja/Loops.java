package dev.sluice.jinja;

import dev.sluice.jinja.Stmt.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code for} loops as the reference runs them: over a list, or a mapping's keys; the optional {@code if} filter
 * decides which items count (so {@code loop.length} counts only those); one scope holds the loop variables and
 * {@code loop} across iterations; the {@code else} body runs when no iteration completed.
 */
final class Loops {
    private final Interpreter interpreter;
    private final Evaluator eval;

    Loops(Interpreter interpreter, Evaluator eval) {
        this.interpreter = interpreter;
        this.eval = eval;
    }

    void run(Stmt.For f, Scope outer, StringBuilder out) {
        Scope scope = new Scope(outer);
        List<?> items = selected(f, eval.eval(f.iterable(), scope), scope);
        boolean completedNone = true;
        for (int i = 0; i < items.size(); i++) {
            scope.set("loop", loopVariable(items, i));
            interpreter.assign(f.target(), items.get(i), scope);
            int mark = out.length();
            try {
                interpreter.execute(f.body(), scope, out);
            } catch (Interpreter.LoopSignal signal) {
                out.setLength(mark);
                if (signal.isBreak) {
                    break;
                }
                continue;
            }
            completedNone = false;
        }
        if (completedNone) {
            interpreter.execute(f.otherwise(), scope, out);
        }
    }

    private List<?> selected(Stmt.For f, Object iterable, Scope scope) {
        List<?> all =
                switch (iterable) {
                    case List<?> l -> l;
                    case Map<?, ?> m -> new ArrayList<>(m.keySet());
                    case null, default ->
                        throw new EvalError(
                                "cannot loop over " + Values.typeName(iterable) + "; only a list or a mapping");
                };
        if (f.target() instanceof Target.Unpack u) {
            all.forEach(item -> checkUnpack(u, item));
        }
        if (f.filter().isEmpty()) {
            return all;
        }
        List<Object> kept = new ArrayList<>();
        for (Object item : all) {
            Scope probe = new Scope(scope);
            interpreter.assign(f.target(), item, probe);
            if (Values.truthy(eval.eval(f.filter().get(), probe))) {
                kept.add(item);
            }
        }
        return kept;
    }

    private static void checkUnpack(Target.Unpack u, Object item) {
        if (!(item instanceof List<?> values)) {
            throw new EvalError("cannot unpack " + Values.typeName(item) + " into "
                    + u.names().size() + " names");
        }
        if (values.size() != u.names().size()) {
            throw new EvalError("too " + (values.size() < u.names().size() ? "few" : "many") + " items to unpack: "
                    + "expected " + u.names().size() + ", got " + values.size());
        }
    }

    private static Map<String, Object> loopVariable(List<?> items, int i) {
        int n = items.size();
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("index", (long) i + 1);
        loop.put("index0", (long) i);
        loop.put("revindex", (long) n - i);
        loop.put("revindex0", (long) n - i - 1);
        loop.put("first", i == 0);
        loop.put("last", i == n - 1);
        loop.put("length", (long) n);
        loop.put("previtem", i > 0 ? items.get(i - 1) : Undefined.INSTANCE);
        loop.put("nextitem", i < n - 1 ? items.get(i + 1) : Undefined.INSTANCE);
        return loop;
    }
}
