package dev.sluice.protocol;

import java.util.OptionalLong;

/**
 * What upstream knows of placement: a pinned backend instance, or none for the router to choose; and whether the
 * client left {@code max_tokens} open (its limit is then what the context leaves, which says nothing of the length to
 * expect). Routers read these at the frontend; a worker ignores them.
 */
public record RoutingHints(OptionalLong backendInstanceId, boolean outputUnbounded) {
    public static final RoutingHints NONE = new RoutingHints(OptionalLong.empty(), false);

    public RoutingHints(OptionalLong backendInstanceId) {
        this(backendInstanceId, false);
    }

    public static RoutingHints pinned(long instanceId) {
        return new RoutingHints(OptionalLong.of(instanceId));
    }

    public RoutingHints withOutputUnbounded(boolean unbounded) {
        return new RoutingHints(backendInstanceId, unbounded);
    }
}
