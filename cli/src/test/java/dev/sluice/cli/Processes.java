package dev.sluice.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Child processes for multi-JVM tests: etcd, nats-server and Sluice JVMs, each with its output kept. */
final class Processes implements AutoCloseable {
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private Process etcd;
    private Process nats;
    private int natsPort;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A running process and the lines it has printed. */
    record Child(Process process, List<String> lines) {
        String awaitLine(String containing, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (String l : lines) {
                    if (l.contains(containing)) {
                        return l;
                    }
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("process exited: " + String.join("\n", lines));
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("no line with '" + containing + "' within " + timeout + ": " + lines);
        }
    }

    Child start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().name("child-output").start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the process went away
            }
        });
        return new Child(p, lines);
    }

    String startEtcd() throws Exception {
        int client = freePort();
        int peer = freePort();
        Path dir = Files.createTempDirectory("sluice-etcd");
        dirs.add(dir);
        String peerUrl = "http://127.0.0.1:" + peer;
        String url = "http://127.0.0.1:" + client;
        Child child = start(List.of(
                "etcd",
                "--name",
                "it",
                "--data-dir",
                dir.toString(),
                "--listen-client-urls",
                url,
                "--advertise-client-urls",
                url,
                "--listen-peer-urls",
                peerUrl,
                "--initial-advertise-peer-urls",
                peerUrl,
                "--initial-cluster",
                "it=" + peerUrl));
        child.awaitLine("ready to serve client requests", Duration.ofSeconds(30));
        this.etcd = child.process();
        return url;
    }

    String startNats() throws Exception {
        natsPort = freePort();
        launchNats();
        return "nats://127.0.0.1:" + natsPort;
    }

    private void launchNats() throws Exception {
        Child child = start(List.of("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(natsPort)));
        child.awaitLine("Server is ready", Duration.ofSeconds(30));
        nats = child.process();
    }

    /** Stops nats-server, waits {@code downMillis}, and starts it again on the same port. */
    void restartNats(long downMillis) throws Exception {
        nats.destroy();
        nats.waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(downMillis);
        launchNats();
    }

    /** Freezes etcd (SIGSTOP) for {@code millis}, as a partition or a stalled host would. */
    void freezeEtcd(long millis) throws Exception {
        new ProcessBuilder("kill", "-STOP", Long.toString(etcd.pid())).start().waitFor();
        try {
            Thread.sleep(millis);
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(etcd.pid()))
                    .start()
                    .waitFor();
        }
    }

    /** A Sluice JVM on this test's classpath. */
    Child sluice(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Doffline=true",
                "-DOPT_OUT_TRACKING=true",
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sluice.cli.Main"));
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    /** A worker process, the instance id it printed once registered, and that line. */
    record Worker(Child process, long id, String line) {}

    /** Starts a worker of the test model (context 32k, 2,048 blocks of 16 tokens) and waits until it registered. */
    Worker worker(String etcd, String nats, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "worker",
                "--etcd",
                etcd,
                "--nats",
                nats,
                "--model-path",
                TestModel.directory().toString(),
                "--model-name",
                "Qwen/Qwen3-0.6B",
                "--context-length",
                "32768",
                "--num-gpu-blocks",
                "2048",
                "--block-size",
                "16",
                "--natural-output-mean",
                "0"));
        args.addAll(List.of(extra));
        Child w = sluice(args.toArray(String[]::new));
        String line = w.awaitLine("Sluice worker ", Duration.ofSeconds(60));
        return new Worker(w, Long.parseLong(line.split(" ")[2]), line);
    }

    /** Starts a Sluice frontend on a free loopback port; returns its base URL once it serves the model. */
    String frontend(String etcd, String nats, HttpClient http, String... extra) throws Exception {
        int port = Processes.freePort();
        List<String> args = new ArrayList<>(List.of(
                "frontend",
                "--etcd",
                etcd,
                "--nats",
                nats,
                "--http-host",
                "127.0.0.1",
                "--http-port",
                Integer.toString(port)));
        args.addAll(List.of(extra));
        sluice(args.toArray(String[]::new)).awaitLine("Sluice frontend at", Duration.ofSeconds(60));
        String base = "http://127.0.0.1:" + port;
        awaitModel(http, base);
        return base;
    }

    /** Waits up to 60 s for {@code /v1/models} to list the test model. */
    static void awaitModel(HttpClient http, String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String models = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/models"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            if (models.contains("Qwen/Qwen3-0.6B")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the model never appeared");
    }

    @Override
    public void close() throws IOException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (Path d : dirs) {
            try (var files = Files.walk(d)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }
}
