package dev.sluice.jinja;

/**
 * A template that cannot be parsed or rendered. The message starts with the line and column in the template
 * ({@code "3:14: unknown filter 'frob'"}), except for {@code raise_exception(message)}, whose message is the
 * template's own.
 */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
