package dev.sluice.microbench;

import dev.sluice.kvrouter.BlockHashes;
import dev.sluice.kvrouter.KvRouter;
import dev.sluice.kvrouter.KvRouterConfig;
import dev.sluice.kvrouter.OverlapScores;
import dev.sluice.kvrouter.RadixIndex;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The KV index at fleet scale: 1,000,000 cached blocks over 64 workers (each worker caches 8 conversations of
 * ~1,950 blocks that share a 2,048-block system prefix with some of the others), and a 32k-token request
 * (2,048 blocks of 16 tokens) looked up against it.
 */
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RadixIndexBenchmark {
    static final int WORKERS = 64;
    static final int REQUEST_BLOCKS = 2048;
    static final int TOTAL_BLOCKS = 1_000_000;

    RadixIndex index;
    long[] request;
    List<List<KvEvent>> ingestBatches;
    KvRouter router;
    int[] requestTokens;
    List<Long> candidates;
    long requestCounter;

    @Setup(Level.Trial)
    public void build() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        requestTokens = requestTokens(random);
        index = new RadixIndex();
        // The router's own index holds the same 1M blocks, applied inline (no writer thread to wait for).
        router = new KvRouter("bench", KvRouterConfig.defaults(16), Clock.systemUTC(), new SplittableRandom(1), true);
        long[] shared = BlockHashes.localHashes(requestTokens, 16);
        long engineHash = fill(shared, random, (worker, stored) -> {
            index.apply(worker, stored);
            router.onEvents(new WorkerKvEvents(worker, List.of(stored)));
        });
        long eventId = 0; // worker 999, which only the ingestion benchmark uses
        request = shared.clone();
        ingestBatches = new ArrayList<>();
        for (int b = 0; b < 512; b++) {
            List<KvEvent> batch = new ArrayList<>();
            List<KvEvent.StoredBlock> chain = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                chain.add(new KvEvent.StoredBlock(engineHash++, random.nextLong()));
            }
            batch.add(new KvEvent.Stored(eventId++, OptionalLong.empty(), chain));
            batch.add(new KvEvent.Removed(
                    eventId++,
                    chain.stream().map(KvEvent.StoredBlock::blockHash).toList()));
            ingestBatches.add(batch);
        }
        candidates = new ArrayList<>();
        for (long w = 0; w < WORKERS; w++) {
            candidates.add(w);
        }
    }

    /** The 32k-token request, 2,048 blocks of 16 random token ids. */
    static int[] requestTokens(SplittableRandom random) {
        int[] tokens = new int[REQUEST_BLOCKS * 16];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = random.nextInt(150_000);
        }
        return tokens;
    }

    /**
     * Stores chains of 2,048 blocks, each sharing a random-length prefix with {@code shared}, until the index holds
     * {@link #TOTAL_BLOCKS} (block, worker) pairs spread evenly over {@link #WORKERS} workers; answers the next free
     * engine block hash.
     */
    static long fill(long[] shared, SplittableRandom random, BiConsumer<Long, KvEvent.Stored> sink) {
        long engineHash = 1;
        long eventId = 0;
        int blocks = 0;
        while (blocks < TOTAL_BLOCKS) {
            long worker = blocks / (TOTAL_BLOCKS / WORKERS) % WORKERS;
            int sharedDepth = random.nextInt(REQUEST_BLOCKS);
            List<KvEvent.StoredBlock> chain = new ArrayList<>();
            for (int i = 0; i < REQUEST_BLOCKS; i++) {
                long local = i < sharedDepth ? shared[i] : random.nextLong();
                chain.add(new KvEvent.StoredBlock(engineHash++, local));
            }
            sink.accept(worker, new KvEvent.Stored(eventId++, OptionalLong.empty(), chain));
            blocks += chain.size();
        }
        return engineHash;
    }

    /** Overlap of a 2,048-block request against the full index. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public OverlapScores lookup() {
        return index.findMatches(request);
    }

    /** 128 block events (64 stored, 64 removed) per call, applied by one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int ingest128BlockEvents() {
        List<KvEvent> batch = ingestBatches.get((int) (requestCounter++ % ingestBatches.size()));
        for (KvEvent e : batch) {
            index.apply(999, e);
        }
        return batch.size();
    }

    /**
     * A full routing decision for a 32k-token request over 64 workers against the 1M indexed blocks: hashing, lookup,
     * costs, bookkeeping. (Before issue 18 the router's index was empty here.)
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object routingDecision() throws InterruptedException {
        String id = "r" + requestCounter++;
        Object d = router.tryPlace(id, requestTokens, candidates);
        router.free(id);
        return d;
    }
}
