package dev.sluice.jinja;

import java.util.List;
import java.util.Map;

/**
 * A function a caller puts in the render context, such as a {@code strftime_now} with an injected clock. It receives
 * template values: {@code null} (none), {@code Boolean}, {@code Long}, {@code Double}, {@code String}, {@code List}
 * and {@code Map} (string keys), in call order, with keyword arguments separately. It may return any value a context
 * may hold; throwing {@link TemplateException} fails the render with that message, any other exception fails it
 * with a message naming the function.
 */
@FunctionalInterface
public interface JinjaFunction {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
