package dev.sluice.runtime.embedded;

import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestPlane;

/** The one-JVM implementations of the three runtime seams, for {@code sluice serve} and tests. */
public final class Embedded {
    private Embedded() {}

    /** In-memory discovery; leases last until closed (a JVM cannot outlive itself). */
    public static Discovery discovery() {
        return new InMemoryDiscovery();
    }

    /** An in-process event bus that delivers on the publishing thread. */
    public static EventBus eventBus() {
        return new InProcessEventBus();
    }

    /** A request plane of direct calls. */
    public static RequestPlane requestPlane() {
        return new DirectRequestPlane();
    }
}
