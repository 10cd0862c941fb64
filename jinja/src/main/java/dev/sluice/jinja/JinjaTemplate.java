package dev.sluice.jinja;

import java.util.List;
import java.util.Map;

/**
 * A Jinja2 template for the subset of the language Hugging Face chat templates use, rendered byte for byte as the
 * reference renderer {@code @huggingface/jinja} (the one transformers.js uses) renders it, including its
 * whitespace rules ({@code trim_blocks} and {@code lstrip_blocks} on) and its departures from Python Jinja2 (for
 * example {@code ==} is JavaScript's loose equality and {@code rstrip('\n')} strips all white space).
 *
 * <p>Parse once, render many times: a template is immutable and may be rendered from many threads at once.
 * Context values are plain Java: {@code Map} (keys in iteration order), {@code List}, {@code String}, numbers,
 * {@code Boolean}, {@code null} (none) and {@link JinjaFunction}s. Built-ins: {@code range}, {@code namespace},
 * {@code dict}, {@code raise_exception} (fails the render with the template's message) and {@code strftime_now};
 * a context entry of the same name replaces a built-in.
 */
public final class JinjaTemplate {
    private static final Scope GLOBALS = globals();

    private final List<Stmt> body;
    private final int[] lineStarts;

    private JinjaTemplate(List<Stmt> body, int[] lineStarts) {
        this.body = body;
        this.lineStarts = lineStarts;
    }

    /** Parses {@code source}; a syntax error is a {@link TemplateException} whose message starts with line:column. */
    public static JinjaTemplate parse(String source) {
        Source s = Source.of(source);
        return new JinjaTemplate(Parser.parse(s), s.lineStarts());
    }

    /** Renders with {@code context} as the template's variables; a runtime error is a {@link TemplateException}. */
    public String render(Map<String, ?> context) {
        Scope scope = new Scope(GLOBALS);
        context.forEach((name, value) -> {
            try {
                scope.set(name, Values.convert(value));
            } catch (EvalError e) {
                throw new TemplateException("context variable '" + name + "': " + e.getMessage());
            }
        });
        try {
            return new Interpreter(lineStarts).render(body, scope);
        } catch (Interpreter.LoopSignal s) {
            throw new TemplateException(Source.describe(lineStarts, s.at) + ": '" + (s.isBreak ? "break" : "continue")
                    + "' outside a loop");
        } catch (StackOverflowError e) {
            throw new TemplateException("the template recurses too deeply");
        }
    }

    private static Scope globals() {
        Scope globals = new Scope(null);
        Builtins.ALL.forEach(globals::set);
        return globals;
    }
}
