package dev.sluice.etcd;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real etcd on free loopback ports with a temporary data directory, for integration tests. bin/test installs
 * Debian's {@code etcd-server} when it is missing.
 */
final class EtcdServer implements AutoCloseable {
    private final Process process;
    private final Path dataDir;
    final String endpoint;

    private EtcdServer(Process process, Path dataDir, String endpoint) {
        this.process = process;
        this.dataDir = dataDir;
        this.endpoint = endpoint;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @SuppressWarnings("try")
    static EtcdServer start() throws Exception {
        String binary = Files.isExecutable(Path.of("/usr/bin/etcd")) ? "/usr/bin/etcd" : "etcd";
        int client = freePort();
        int peer = freePort();
        Path dir = Files.createTempDirectory("sluice-etcd");
        String peerUrl = "http://127.0.0.1:" + peer;
        ProcessBuilder pb = new ProcessBuilder(
                        binary,
                        "--name",
                        "sluice-test",
                        "--data-dir",
                        dir.toString(),
                        "--listen-client-urls",
                        "http://127.0.0.1:" + client,
                        "--advertise-client-urls",
                        "http://127.0.0.1:" + client,
                        "--listen-peer-urls",
                        peerUrl,
                        "--initial-advertise-peer-urls",
                        peerUrl,
                        "--initial-cluster",
                        "sluice-test=" + peerUrl)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("etcd.log").toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start etcd (install Debian's etcd-server; bin/test does): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", client)) {
                Thread.sleep(300);
                return new EtcdServer(p, dir, "http://127.0.0.1:" + client);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("etcd exited: " + Files.readString(dir.resolve("etcd.log")));
                }
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("etcd did not start within 20 s");
    }

    /** Freezes etcd (SIGSTOP) for {@code millis}, as a network partition or a stalled host would. */
    void freeze(long millis) throws Exception {
        new ProcessBuilder("kill", "-STOP", Long.toString(process.pid()))
                .start()
                .waitFor();
        try {
            Thread.sleep(millis);
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(process.pid()))
                    .start()
                    .waitFor();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
