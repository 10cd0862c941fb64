package dev.sluice.jinja;

/**
 * A runtime error raised below the evaluator, which adds the template position and rethrows it as a
 * {@link TemplateException}.
 */
final class EvalError extends RuntimeException {
    EvalError(String message) {
        super(message);
    }
}
