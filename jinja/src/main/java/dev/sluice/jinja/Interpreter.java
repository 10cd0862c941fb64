package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Walks the parsed template: statements write to the output, expressions are evaluated by {@link Evaluator}. */
final class Interpreter {
    /** Unwinds a loop body on {@code break}/{@code continue}; carries no stack trace. */
    static final class LoopSignal extends RuntimeException {
        final boolean isBreak;

        LoopSignal(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private static final LoopSignal BREAK = new LoopSignal(true);
    private static final LoopSignal CONTINUE = new LoopSignal(false);

    private final Evaluator eval = new Evaluator(this);

    String render(List<Node> body, Scope scope) {
        StringBuilder out = new StringBuilder();
        execute(body, scope, out);
        return out.toString();
    }

    void execute(List<Node> body, Scope scope, StringBuilder out) {
        for (Node node : body) {
            try {
                statement(node, scope, out);
            } catch (LoopSignal | TemplateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new TemplateException("line " + node.line() + ": " + e.getMessage());
            }
        }
    }

    private void statement(Node node, Scope scope, StringBuilder out) {
        switch (node) {
            case Node.Text t -> out.append(t.text());
            case Node.Output o -> out.append(Values.str(eval.eval(o.expr(), scope)));
            case Node.If i -> execute(Values.truthy(eval.eval(i.test(), scope)) ? i.then() : i.otherwise(), scope, out);
            case Node.For f -> forLoop(f, scope, out);
            case Node.Set s -> set(s, scope);
            case Node.Macro m -> scope.set(m.name(), macro(m, scope));
            case Node.CallBlock c -> callBlock(c, scope, out);
            case Node.FilterBlock f -> {
                Node.Filter filter = (Node.Filter) f.filter();
                String body = render(f.body(), scope);
                out.append(Values.str(eval.applyFilter(filter, body, scope)));
            }
            case Node.Break b -> throw BREAK;
            case Node.Continue c -> throw CONTINUE;
            default -> throw new TemplateException("line " + node.line() + ": an expression is not a statement");
        }
    }

    private void forLoop(Node.For f, Scope scope, StringBuilder out) {
        List<Object> items = new ArrayList<>();
        for (Object item : Values.iterate(eval.eval(f.iterable(), scope))) {
            if (f.filter() == null) {
                items.add(item);
                continue;
            }
            Scope probe = new Scope(scope);
            bind(f.targets(), item, probe, f.line());
            if (Values.truthy(eval.eval(f.filter(), probe))) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            execute(f.otherwise(), scope, out);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            Scope inner = new Scope(scope);
            bind(f.targets(), items.get(i), inner, f.line());
            inner.set("loop", loop(items, i));
            try {
                execute(f.body(), inner, out);
            } catch (LoopSignal signal) {
                if (signal.isBreak) {
                    break;
                }
            }
        }
    }

    private static Map<String, Object> loop(List<Object> items, int i) {
        Map<String, Object> loop = new LinkedHashMap<>();
        int n = items.size();
        loop.put("index", (long) i + 1);
        loop.put("index0", (long) i);
        loop.put("revindex", (long) (n - i));
        loop.put("revindex0", (long) (n - i - 1));
        loop.put("first", i == 0);
        loop.put("last", i == n - 1);
        loop.put("length", (long) n);
        loop.put("previtem", i > 0 ? items.get(i - 1) : Undefined.INSTANCE);
        loop.put("nextitem", i < n - 1 ? items.get(i + 1) : Undefined.INSTANCE);
        loop.put("cycle", (JinjaFunction) (args, kw) -> args.isEmpty() ? Undefined.INSTANCE : args.get(i % args.size()));
        return loop;
    }

    private static void bind(List<String> targets, Object item, Scope scope, int line) {
        if (targets.size() == 1) {
            scope.set(targets.getFirst(), item);
            return;
        }
        if (!(item instanceof List<?> values) || values.size() != targets.size()) {
            throw new TemplateException("line " + line + ": cannot unpack " + Values.typeName(item) + " into "
                    + targets.size() + " names");
        }
        for (int i = 0; i < targets.size(); i++) {
            scope.set(targets.get(i), values.get(i));
        }
    }

    private void set(Node.Set s, Scope scope) {
        Object value = s.value() != null ? eval.eval(s.value(), scope) : render(s.body(), scope);
        switch (s.target()) {
            case Node.Name n -> scope.set(n.name(), value);
            case Node.Attr a -> {
                Object target = eval.eval(a.target(), scope);
                if (!(target instanceof Namespace ns)) {
                    throw new TemplateException("line " + s.line() + ": cannot set attribute '" + a.name()
                            + "' on " + Values.typeName(target) + "; only on a namespace");
                }
                ns.attributes.put(a.name(), value);
            }
            default -> throw new TemplateException("line " + s.line() + ": cannot assign to this target");
        }
    }

    private JinjaFunction macro(Node.Macro m, Scope defining) {
        return (args, kwargs) -> {
            Scope call = new Scope(defining);
            for (int i = 0; i < m.params().size(); i++) {
                String p = m.params().get(i);
                Object v;
                if (i < args.size()) {
                    v = args.get(i);
                } else if (kwargs.containsKey(p)) {
                    v = kwargs.get(p);
                } else if (m.defaults().get(i) != null) {
                    v = eval.eval(m.defaults().get(i), call);
                } else {
                    v = Undefined.INSTANCE;
                }
                call.set(p, v);
            }
            if (kwargs.containsKey("caller")) {
                call.set("caller", kwargs.get("caller"));
            }
            return render(m.body(), call);
        };
    }

    private void callBlock(Node.CallBlock c, Scope scope, StringBuilder out) {
        if (!(c.call() instanceof Node.Call call)) {
            throw new TemplateException("line " + c.line() + ": {% call %} needs a macro call");
        }
        JinjaFunction caller = (args, kwargs) -> render(c.body(), scope);
        Map<String, Node> kwargs = new LinkedHashMap<>(call.kwargs());
        Scope withCaller = new Scope(scope);
        withCaller.set("__caller__", caller);
        kwargs.put("caller", new Node.Name("__caller__", c.line()));
        out.append(Values.str(eval.eval(new Node.Call(call.callee(), call.args(), kwargs, call.line()), withCaller)));
    }
}
