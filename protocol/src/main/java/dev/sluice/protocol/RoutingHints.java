package dev.sluice.protocol;

import java.util.OptionalLong;

/** Placement decided upstream: a pinned backend instance, or none for the router to choose. */
public record RoutingHints(OptionalLong backendInstanceId) {
    public static final RoutingHints NONE = new RoutingHints(OptionalLong.empty());

    public static RoutingHints pinned(long instanceId) {
        return new RoutingHints(OptionalLong.of(instanceId));
    }
}
