package dev.sluice.nats;

import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.contract.EventBusContract;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The event-bus contract against a real nats-server on a free loopback port. */
class NatsEventBusIT extends EventBusContract {
    static Process server;
    static String url;

    @BeforeAll
    @SuppressWarnings("try")
    static void startNats() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String binary = Files.isExecutable(Path.of("/usr/sbin/nats-server")) ? "/usr/sbin/nats-server" : "nats-server";
        try {
            server = new ProcessBuilder(binary, "-a", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start nats-server (install Debian's nats-server; bin/test does)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IllegalStateException("nats-server did not start");
                }
                Thread.sleep(50);
            }
        }
        url = "nats://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopNats() throws Exception {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    protected EventBus create() {
        return NatsEventBus.connect(url);
    }
}
