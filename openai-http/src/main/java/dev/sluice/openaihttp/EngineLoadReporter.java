package dev.sluice.openaihttp;

import dev.sluice.protocol.WorkerLoad;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports an engine server's load as a worker's {@link WorkerLoad}, so the KV router can skip a busy engine: polls the
 * engine's {@code /metrics} every {@code interval} on its own thread and hands each changed reading to the sink. KV
 * blocks in use are the engine's cache usage times the worker's block count. Failed polls are counted and logged, and
 * the last reading stands until a poll succeeds.
 */
public final class EngineLoadReporter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EngineLoadReporter.class.getName());

    private final URI metrics;
    private final long workerId;
    private final int kvBlocksTotal;
    private final Duration interval;
    private final Consumer<WorkerLoad> sink;
    private final HttpClient client;
    private final AtomicLong failedPolls = new AtomicLong();
    private Thread poller;
    private WorkerLoad last;

    public EngineLoadReporter(
            OpenAiHttpConfig engine, long workerId, int kvBlocksTotal, Duration interval, Consumer<WorkerLoad> sink) {
        if (!interval.isPositive()) {
            throw new IllegalArgumentException("load interval " + interval + " must be positive");
        }
        this.metrics = engine.metricsUri();
        this.workerId = workerId;
        this.kvBlocksTotal = kvBlocksTotal;
        this.interval = interval;
        this.sink = sink;
        this.client =
                HttpClient.newBuilder().connectTimeout(engine.connectTimeout()).build();
    }

    public synchronized void start() {
        if (poller == null) {
            poller =
                    Thread.ofPlatform().daemon().name("engine-load-" + workerId).start(this::run);
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            pollOnce();
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One poll; the reading, if it changed, goes to the sink. */
    synchronized void pollOnce() {
        Optional<EngineMetrics> reading = read();
        if (reading.isEmpty()) {
            return;
        }
        EngineMetrics m = reading.get();
        WorkerLoad load = new WorkerLoad(
                workerId,
                m.running(),
                m.waiting(),
                (int) Math.round(m.kvUsage() * kvBlocksTotal),
                kvBlocksTotal,
                m.cacheHitRate());
        if (!load.equals(last)) {
            last = load;
            sink.accept(load);
        }
    }

    private Optional<EngineMetrics> read() {
        try {
            HttpResponse<String> res = client.send(
                    HttpRequest.newBuilder(metrics)
                            .timeout(interval.multipliedBy(4))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 200) {
                Optional<EngineMetrics> m = EngineMetrics.parse(res.body());
                if (m.isPresent()) {
                    return m;
                }
            }
            failed(metrics + " answered " + res.statusCode() + " without vLLM's request gauges", null);
        } catch (IOException e) {
            failed("cannot read " + metrics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private void failed(String what, Throwable cause) {
        long n = failedPolls.incrementAndGet();
        // The first failure is worth a warning; the rest of an outage only a trace.
        LOG.log(n == 1 ? Level.WARNING : Level.FINE, what, cause);
    }

    /** Polls that failed since start. */
    public long failedPolls() {
        return failedPolls.get();
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.interrupt();
            poller = null;
        }
        client.close();
    }
}
