package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code selectattr}, {@code rejectattr}, {@code select}, {@code reject} and {@code map} over a list. */
final class Selection {
    private Selection() {}

    /** Items whose attribute passes the test (truthiness by default); an item without the attribute fails it. */
    static List<Object> byAttribute(List<?> items, Args a, boolean keep) {
        String filter = keep ? "selectattr" : "rejectattr";
        for (Object item : items) {
            SequenceFilters.container(item, filter);
        }
        Object attr = a.required(0, "attribute");
        String test = a.string(1, "test", null);
        List<Object> testArgs =
                a.positional().size() > 2 ? List.of(a.positional().get(2)) : List.of();
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> m = SequenceFilters.container(item, filter);
            boolean pass = m.containsKey(attr) && passes(test, m.get(attr), testArgs);
            if (pass == keep) {
                out.add(item);
            }
        }
        return out;
    }

    static List<Object> byTest(List<?> items, Args a, boolean keep) {
        String test = a.string(0, "test", null);
        List<Object> testArgs = a.positional().size() > 1
                ? a.positional().subList(1, a.positional().size())
                : List.of();
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            if (passes(test, item, testArgs) == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static boolean passes(String test, Object value, List<Object> args) {
        return test == null ? Values.truthy(value) : Tests.apply(test, value, args);
    }

    /** {@code map(attribute='a.b', default=x)}, or {@code map('filter', args...)}. */
    static List<Object> map(List<?> items, Args a) {
        List<Object> out = new ArrayList<>(items.size());
        if (a.kwargs().containsKey("attribute")) {
            if (!(a.kwargs().get("attribute") instanceof String attr)) {
                throw new EvalError("map(): 'attribute' must be a string");
            }
            for (Object item : items) {
                SequenceFilters.container(item, "map");
                Object v = Sorting.path(item, attr);
                out.add(v instanceof Undefined ? a.kwargs().getOrDefault("default", Undefined.INSTANCE) : v);
            }
            return out;
        }
        String filter = a.string(0, "filter", null);
        if (filter == null) {
            throw new EvalError("map() needs attribute= or a filter name");
        }
        Args rest = new Args(filter, a.positional().subList(1, a.positional().size()), a.kwargs());
        for (Object item : items) {
            out.add(Filters.apply(filter, item, rest, true));
        }
        return out;
    }
}
