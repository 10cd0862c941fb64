package dev.sluice.jinja;

import java.util.List;
import java.util.Map;

/** A callable a caller puts in the render context (or a built-in such as {@code raise_exception}). */
@FunctionalInterface
public interface JinjaFunction {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
