package dev.sluice.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays a workload open-loop: request i is due at its timestamp times {@code timeScale} after the start, and the
 * scheduler thread hands it to the transport at that moment, whatever happened to earlier requests. At most {@code
 * maxConcurrency} are in flight; a request that finds no free slot waits for one and is counted. Every latency is
 * measured from the due time, so waiting (for the client, the limit or the server) is never hidden. The first
 * {@code warmup} requests are sent but left out of the results. Progress goes to {@code progress} once a second.
 */
public final class BenchRunner {
    /** Which HTTP client sends the requests. */
    public enum Client {
        /** Netty, one event loop, SSE parsed where the bytes arrive (the default). */
        NETTY,
        /** The java.net.http client of issue 9, kept as a baseline to measure against. */
        JDK
    }

    /** How to run: the server, the client, the pacing, the limits. */
    public record Options(
            URI baseUrl,
            Endpoint endpoint,
            Client client,
            double timeScale,
            int maxConcurrency,
            Duration requestTimeout,
            int warmup) {
        public Options {
            if (baseUrl.getHost() == null || baseUrl.getPort() <= 0 || !"http".equals(baseUrl.getScheme())) {
                throw new IllegalArgumentException("--url " + baseUrl + " must be http://HOST:PORT");
            }
            if (!(timeScale > 0)) {
                throw new IllegalArgumentException("--time-scale " + timeScale + " must be positive");
            }
            if (maxConcurrency <= 0) {
                throw new IllegalArgumentException("--max-concurrency " + maxConcurrency + " must be positive");
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("--timeout " + requestTimeout + " must be positive");
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup " + warmup + " must not be negative");
            }
        }

        /** The URL requests go to: the base URL and the endpoint's path. */
        public URI endpointUri() {
            return URI.create(baseUrl.toString().replaceAll("/+$", "") + endpoint.path());
        }
    }

    /** The measured requests (warm-up excluded, in workload order), the duration and the client's usage. */
    public record Run(List<RequestResult> results, double durationSeconds, ClientUsage usage) {
        public Run {
            results = List.copyOf(results);
        }
    }

    private final Options options;
    private final PrintStream progress;

    public BenchRunner(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Sends {@code workload}, request i with body {@code bodies.get(i)}, and waits for every answer (each ends within
     * the request timeout). Fails at once, before sending anything, when the server does not accept connections.
     */
    public Run run(List<TraceRequest> workload, List<byte[]> bodies) throws InterruptedException {
        if (workload.size() != bodies.size() || workload.size() <= options.warmup()) {
            throw new IllegalArgumentException("the workload has " + workload.size() + " requests, " + bodies.size()
                    + " bodies and --warmup " + options.warmup() + "; nothing would be measured");
        }
        checkReachable(options.baseUrl());
        try (Transport transport = transport()) {
            transport.prepare();
            return send(transport, workload, bodies);
        }
    }

    private Transport transport() {
        return switch (options.client()) {
            case NETTY -> new NettyTransport(options.endpointUri(), options.requestTimeout());
            case JDK -> new JdkTransport(options.endpointUri(), options.requestTimeout());
        };
    }

    private Run send(Transport transport, List<TraceRequest> workload, List<byte[]> bodies)
            throws InterruptedException {
        int total = workload.size();
        Semaphore slots = new Semaphore(options.maxConcurrency());
        ConcurrentLinkedQueue<RequestResult> results = new ConcurrentLinkedQueue<>();
        CountDownLatch finished = new CountDownLatch(total);
        AtomicInteger errors = new AtomicInteger();
        AtomicLong cpuAtWarmupEnd = new AtomicLong(cpuNanos());
        long delayed = 0;
        long start = System.nanoTime();
        Thread reporter = Thread.ofPlatform()
                .daemon()
                .name("bench-progress")
                .start(() -> progress(total, finished, errors, start));
        for (int i = 0; i < total; i++) {
            long scheduled = Math.round(workload.get(i).timestampMillis() * options.timeScale() * 1e6);
            long due = start + scheduled;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (i == options.warmup()) {
                cpuAtWarmupEnd.set(cpuNanos());
            }
            if (!slots.tryAcquire()) {
                delayed += i >= options.warmup() ? 1 : 0;
                slots.acquire();
            }
            transport.send(new Exchange(i, workload.get(i).inputLength(), bodies.get(i), scheduled, due, r -> {
                slots.release();
                if (!r.ok()) {
                    errors.incrementAndGet();
                }
                results.add(r);
                finished.countDown();
            }));
        }
        long lastDue = start + Math.round(workload.getLast().timestampMillis() * options.timeScale() * 1e6);
        long deadline = lastDue + options.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(30);
        boolean all = finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        long cpu = cpuNanos() - cpuAtWarmupEnd.get();
        reporter.interrupt();
        progress.printf("%n");
        if (!all) {
            throw new IllegalStateException(finished.getCount() + " requests never ended, past their timeout");
        }
        List<RequestResult> measured = new ArrayList<>(results);
        measured.removeIf(r -> r.index() < options.warmup());
        measured.sort(Comparator.comparingInt(RequestResult::index));
        String client = options.client().name().toLowerCase(java.util.Locale.ROOT);
        return new Run(measured, Report.durationSeconds(measured), new ClientUsage(client, cpu, delayed));
    }

    /** Fails with one line naming the URL when nothing accepts connections there. */
    static void checkReachable(URI url) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 3000);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot reach " + url + ": " + StreamHandler.describe(e));
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private void progress(int total, CountDownLatch finished, AtomicInteger errors, long start) {
        while (!Thread.currentThread().isInterrupted()) {
            int done = (int) (total - finished.getCount());
            int width = 30;
            int filled = done * width / total;
            progress.printf(
                    "\r[%s%s] %d/%d requests, %d errors, %.0fs",
                    "#".repeat(filled),
                    ".".repeat(width - filled),
                    done,
                    total,
                    errors.get(),
                    (System.nanoTime() - start) / 1e9);
            progress.flush();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
