package dev.sluice.jinja;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Jinja2 template, for the subset of the language Hugging Face chat templates use, rendered the way the
 * reference renderer ({@code @huggingface/jinja}) renders them. Parse once, render many times: a template is
 * immutable and safe to render from many threads at once.
 *
 * <p>Built-ins: {@code range}, {@code namespace}, {@code dict}, {@code raise_exception} (fails the render with the
 * template's message) and {@code strftime_now} (today's date; callers may override any name in the context).
 */
public final class JinjaTemplate {
    private final List<Node> body;

    private JinjaTemplate(List<Node> body) {
        this.body = List.copyOf(body);
    }

    /** Parses {@code source}; a syntax error is a {@link TemplateException} naming the line. */
    public static JinjaTemplate parse(String source) {
        return new JinjaTemplate(Parser.parse(source));
    }

    /** Renders with {@code context} as the global variables. */
    public String render(Map<String, ?> context) {
        Scope globals = new Scope(null);
        builtins().forEach(globals::set);
        Scope scope = new Scope(globals);
        context.forEach(scope::set);
        try {
            return new Interpreter().render(body, scope);
        } catch (Interpreter.LoopSignal s) {
            throw new TemplateException((s.isBreak ? "break" : "continue") + " outside a loop");
        } catch (StackOverflowError e) {
            throw new TemplateException("the template recursed too deeply");
        }
    }

    private static Map<String, Object> builtins() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("range", (JinjaFunction) JinjaTemplate::range);
        b.put("namespace", (JinjaFunction) (args, kwargs) -> {
            Namespace ns = new Namespace();
            if (!args.isEmpty() && args.getFirst() instanceof Map<?, ?> m) {
                m.forEach((k, v) -> ns.attributes.put(String.valueOf(k), v));
            }
            ns.attributes.putAll(kwargs);
            return ns;
        });
        b.put("dict", (JinjaFunction) (args, kwargs) -> new LinkedHashMap<Object, Object>(kwargs));
        b.put("raise_exception", (JinjaFunction) (args, kwargs) -> {
            throw new TemplateException(args.isEmpty() ? "raise_exception called" : Values.str(args.getFirst()));
        });
        b.put("strftime_now", (JinjaFunction) (args, kwargs) ->
                Strftime.format(Values.str(args.getFirst()), LocalDate.now(ZoneOffset.UTC)));
        return b;
    }

    private static Object range(List<Object> args, Map<String, Object> kwargs) {
        long start = 0;
        long stop;
        long step = 1;
        if (args.size() == 1) {
            stop = (Long) Values.normalize(args.get(0));
        } else {
            start = (Long) Values.normalize(args.get(0));
            stop = (Long) Values.normalize(args.get(1));
            if (args.size() > 2) {
                step = (Long) Values.normalize(args.get(2));
            }
        }
        if (step == 0) {
            throw new TemplateException("range() step must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
            if (out.size() > 1_000_000) {
                throw new TemplateException("range() is too long");
            }
        }
        return out;
    }
}
