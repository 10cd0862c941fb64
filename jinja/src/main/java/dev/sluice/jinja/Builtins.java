package dev.sluice.jinja;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The global functions every template sees: {@code range}, {@code namespace}, {@code raise_exception},
 * {@code strftime_now} (the reference's, in the JVM's time zone) and, beyond the reference, {@code dict}.
 * A context entry of the same name takes precedence.
 */
final class Builtins {
    private static final int MAX_RANGE = 1_000_000;

    static final Map<String, Object> ALL = Map.of(
            "range", (NativeFunction) Builtins::range,
            "namespace", (NativeFunction) Builtins::namespace,
            "raise_exception",
                    (NativeFunction) (args, kwargs) -> {
                        throw new TemplateException(args.isEmpty() ? "" : Values.jsText(args.getFirst()));
                    },
            "strftime_now",
                    (NativeFunction) (args, kwargs) -> Strftime.format(
                            new Args("strftime_now", args, kwargs).string(0, "format", ""), ZonedDateTime.now()),
            "dict",
                    (NativeFunction) (args, kwargs) -> {
                        Map<String, Object> out = new LinkedHashMap<>();
                        if (!args.isEmpty()) {
                            out.putAll(SequenceFilters.container(args.getFirst(), "dict"));
                        }
                        out.putAll(kwargs);
                        return out;
                    });

    private Builtins() {}

    private static Object range(List<Object> args, Map<String, Object> kwargs) {
        Args a = new Args("range", args, kwargs);
        long start = args.size() > 1 ? a.integer(0, "start", 0) : 0;
        long stop = args.size() > 1 ? a.integer(1, "stop", 0) : a.integer(0, "stop", 0);
        long step = a.integer(2, "step", 1);
        if (step == 0) {
            throw new EvalError("range() step must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (out.size() == MAX_RANGE) {
                throw new EvalError("range() has more than " + MAX_RANGE + " items");
            }
            out.add(i);
        }
        return out;
    }

    private static Object namespace(List<Object> args, Map<String, Object> kwargs) {
        if (args.size() > 1) {
            throw new EvalError("namespace() takes at most 1 positional argument, got " + args.size());
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        if (!args.isEmpty()) {
            switch (args.getFirst()) {
                case Map<?, ?> m -> m.forEach((k, v) -> entries.put((String) k, v));
                case List<?> pairs ->
                    pairs.forEach(p -> {
                        if (!(p instanceof List<?> pair && pair.size() == 2 && pair.getFirst() instanceof String key)) {
                            throw new EvalError("namespace() takes a mapping or a list of [key, value] pairs");
                        }
                        entries.put(key, pair.get(1));
                    });
                case null, default ->
                    throw new EvalError("namespace() takes a mapping, not " + Values.typeName(args.getFirst()));
            }
        }
        entries.putAll(kwargs);
        return new Namespace(entries);
    }
}
