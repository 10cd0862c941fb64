package dev.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.contract.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nats-server restarted under a live bus: the bus reconnects by itself, tells its users, and delivers again. */
@Timeout(90)
class NatsReconnectIT {
    private static Process start(int port) throws Exception {
        String binary = Files.isExecutable(Path.of("/usr/sbin/nats-server")) ? "/usr/sbin/nats-server" : "nats-server";
        Process p = new ProcessBuilder(binary, "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(1);
                return p;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nats-server did not start");
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aRestartedServerIsReconnectedToAndDeliveryResumes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = start(port);
        try (NatsEventBus bus = NatsEventBus.connect("nats://127.0.0.1:" + port)) {
            AtomicInteger reconnects = new AtomicInteger();
            bus.onReconnect(reconnects::incrementAndGet);
            List<String> seen = new CopyOnWriteArrayList<>();
            bus.subscribe("sluice.r", b -> seen.add(new String(b, StandardCharsets.UTF_8)));
            bus.publish("sluice.r", "before".getBytes(StandardCharsets.UTF_8));
            Await.until(() -> seen.contains("before"), Duration.ofSeconds(10), "delivery before the restart");

            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            server = start(port);
            Await.until(() -> reconnects.get() > 0, Duration.ofSeconds(30), "the reconnect callback");
            bus.publish("sluice.r", "after".getBytes(StandardCharsets.UTF_8));
            Await.until(() -> seen.contains("after"), Duration.ofSeconds(10), "delivery after the restart");
            assertThat(seen).containsSubsequence("before", "after");
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
