package dev.sluice.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays a workload open-loop: request i is sent at its timestamp times {@code timeScale} after the start, each on
 * its own virtual thread, at most {@code maxConcurrency} in flight (a request that finds none free waits and is
 * counted late). Progress goes to {@code progress} once a second.
 */
public final class BenchRunner {
    private final OpenAiClient client;
    private final PromptBuilder prompts;
    private final double timeScale;
    private final int maxConcurrency;
    private final PrintStream progress;

    public BenchRunner(
            String url,
            String model,
            PromptBuilder prompts,
            double timeScale,
            int maxConcurrency,
            Duration requestTimeout,
            PrintStream progress) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.client = new OpenAiClient(http, url, model, requestTimeout);
        this.prompts = prompts;
        this.timeScale = timeScale;
        this.maxConcurrency = maxConcurrency;
        this.progress = progress;
    }

    /** The outcome of a run: every request's result, the wall time, and how many requests were sent late. */
    public record Run(List<RequestResult> results, double wallSeconds, int late) {}

    public Run run(List<TraceRequest> workload) throws InterruptedException {
        Semaphore slots = new Semaphore(maxConcurrency);
        ConcurrentLinkedQueue<RequestResult> results = new ConcurrentLinkedQueue<>();
        AtomicInteger late = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        Thread reporter = Thread.ofPlatform()
                .daemon()
                .name("bench-progress")
                .start(() -> report(workload.size(), results, start));
        for (int i = 0; i < workload.size(); i++) {
            TraceRequest r = workload.get(i);
            long due = start + (long) (r.timestampMillis() * timeScale * 1_000_000);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (!slots.tryAcquire()) {
                late.incrementAndGet();
                slots.acquire();
            }
            int[] prompt = prompts.prompt(r, i);
            long sentAt = (System.nanoTime() - start) / 1_000_000;
            threads.add(Thread.ofVirtual().name("bench-" + i).start(() -> {
                try {
                    results.add(client.send(prompt, r.outputLength(), sentAt));
                } catch (RuntimeException e) {
                    results.add(RequestResult.failed(sentAt, prompt.length, 0, "client error: " + e));
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        reporter.interrupt();
        double wall = (System.nanoTime() - start) / 1e9;
        progress.printf("%n");
        return new Run(List.copyOf(results), wall, late.get());
    }

    private void report(int total, ConcurrentLinkedQueue<RequestResult> results, long start) {
        while (!Thread.currentThread().isInterrupted()) {
            int done = results.size();
            long errors = results.stream().filter(r -> !r.ok()).count();
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            progress.printf(
                    "\r[%s%s] %d/%d requests, %d errors, %.0fs",
                    "#".repeat(filled),
                    ".".repeat(width - filled),
                    done,
                    total,
                    errors,
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
