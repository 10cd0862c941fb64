package dev.sluice.runtime.contract;

import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.embedded.Embedded;
import org.junit.jupiter.api.Nested;

/** The seam contracts against the embedded implementations. */
class EmbeddedContractsTest {
    @Nested
    class InMemoryDiscovery extends DiscoveryContract {
        @Override
        protected Discovery create() {
            return Embedded.discovery();
        }
    }

    @Nested
    class DirectRequestPlane extends RequestPlaneContract {
        @Override
        protected dev.sluice.runtime.RequestPlane create() {
            return Embedded.requestPlane();
        }
    }

    @Nested
    class InProcessEventBus extends EventBusContract {
        @Override
        protected EventBus create() {
            return Embedded.eventBus();
        }
    }
}
