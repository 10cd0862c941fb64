package dev.sluice.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.EventBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every {@link EventBus} must do; run against the in-process and the NATS implementation. */
@Timeout(60)
public abstract class EventBusContract {
    protected abstract EventBus create() throws Exception;

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void exactAndWildcardSubjectsInPublishOrder() throws Exception {
        try (EventBus bus = create()) {
            List<String> exact = new CopyOnWriteArrayList<>();
            List<String> wild = new CopyOnWriteArrayList<>();
            bus.subscribe("sluice.ns.kv.8192", p -> exact.add(new String(p, StandardCharsets.UTF_8)));
            EventBus.Subscription sub =
                    bus.subscribe("sluice.ns.>", p -> wild.add(new String(p, StandardCharsets.UTF_8)));
            Thread.sleep(200); // a remote subscription takes effect asynchronously
            for (int i = 0; i < 100; i++) {
                bus.publish(
                        i % 2 == 0 ? "sluice.ns.kv.8192" : "sluice.ns.load.8192",
                        Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            Await.until(() -> exact.size() == 50 && wild.size() == 100, WAIT, "all events");
            assertThat(exact)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50)
                            .mapToObj(i -> Integer.toString(2 * i))
                            .toList());
            assertThat(wild)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100)
                            .mapToObj(Integer::toString)
                            .toList());
            sub.close();
            Thread.sleep(200);
            bus.publish("sluice.ns.kv.8192", "after".getBytes(StandardCharsets.UTF_8));
            Await.until(() -> exact.size() == 51, WAIT, "the last exact event");
            assertThat(wild).hasSize(100);
        }
    }

    @Test
    void aFailingHandlerDoesNotStopDelivery() throws Exception {
        try (EventBus bus = create()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            bus.subscribe("sluice.f", p -> {
                String s = new String(p, StandardCharsets.UTF_8);
                seen.add(s);
                if (s.equals("boom")) {
                    throw new IllegalStateException("handler failure (expected by the test)");
                }
            });
            Thread.sleep(200);
            bus.publish("sluice.f", "boom".getBytes(StandardCharsets.UTF_8));
            bus.publish("sluice.f", "ok".getBytes(StandardCharsets.UTF_8));
            Await.until(() -> seen.size() == 2, WAIT, "both events");
        }
    }
}
