package dev.sluice.microbench;

import dev.sluice.mocker.MockerConfig;
import dev.sluice.mocker.MockerEngine;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.runtime.EventBus;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.embedded.Embedded;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many simulated workers one JVM sustains: N mocker workers (default 16,384 blocks of 64, 256 sequences), each
 * kept busy by 64 closed-loop clients sending 2,000-token prompts for 200 tokens, for a fixed time; reports how far
 * the workers fell behind their own simulated clock (lag as a fraction of simulated time).
 *
 * <p>Usage: {@code java -cp microbench/target/benchmarks.jar dev.sluice.microbench.MockerCapacityProbe SPEEDUP SECONDS N...}
 */
public final class MockerCapacityProbe {
    public static void main(String[] args) throws Exception {
        double speedup = Double.parseDouble(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int[] vocab = java.util.stream.IntStream.range(1000, 100_000).toArray();
        System.out.printf("speedup %.0f, %d s per point%n", speedup, seconds);
        for (int i = 2; i < args.length; i++) {
            int workers = Integer.parseInt(args[i]);
            try (EventBus bus = Embedded.eventBus()) {
                List<MockerEngine> engines = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    MockerEngine e = new MockerEngine(
                            MockerConfig.defaults(w + 1, 32768, vocab)
                                    .withSpeedup(speedup, w)
                                    .withSubjects("kv", "load"),
                            bus);
                    e.start();
                    engines.add(e);
                }
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> clients = new ArrayList<>();
                long[] tokens = new long[1];
                for (MockerEngine e : engines) {
                    for (int c = 0; c < 64; c++) {
                        int client = c;
                        clients.add(Thread.ofVirtual().start(() -> {
                            int n = 0;
                            while (!stop.get()) {
                                int[] prompt = new int[2000];
                                java.util.Arrays.fill(prompt, 1000 + client * 7 + n++ % 1000);
                                long got;
                                try {
                                    got = e.generate(
                                                    PreprocessedRequest.of("m", prompt, StopConditions.maxTokens(200)),
                                                    RequestContext.create("p"))
                                            .toList()
                                            .size();
                                } catch (RuntimeException stopped) {
                                    return; // the worker was closed at the end of the point
                                }
                                synchronized (tokens) {
                                    tokens[0] += got;
                                }
                            }
                        }));
                    }
                }
                Thread.sleep(seconds * 1000L);
                stop.set(true);
                double lag = engines.stream()
                        .mapToDouble(MockerEngine::lagFraction)
                        .average()
                        .orElse(0);
                double worst = engines.stream()
                        .mapToDouble(MockerEngine::lagFraction)
                        .max()
                        .orElse(0);
                engines.forEach(MockerEngine::close);
                for (Thread t : clients) {
                    t.join(2000);
                }
                System.out.printf(
                        "workers %4d: lag mean %6.1f%%, worst %6.1f%%, %,d output tokens/s in all%n",
                        workers, 100 * lag, 100 * worst, tokens[0] / seconds);
            }
        }
    }
}
