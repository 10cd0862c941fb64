package dev.sluice.microbench;

import dev.sluice.kvrouter.KvIndexer;
import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * How long a router that starts takes to be warm: the snapshots of 64 workers caching 1,000,000 blocks between them
 * (each 8 conversations of ~1,950 blocks of which a random prefix is a shared 2,048-block system prompt), applied to
 * an empty index, from the encoded batches as they arrive off NATS (decoding included). A snapshot is what a worker
 * sends when asked: a {@code Cleared}, then one {@code Stored} event per cached block, parents first, as the mocker
 * announces them. One shot per iteration, each on a fresh index.
 */
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotWarmupBenchmark {
    static final int WORKERS = 64;
    static final int TOTAL_BLOCKS = 1_000_000;
    static final int CONVERSATIONS = 8;
    static final int SHARED_BLOCKS = 2048;

    List<byte[]> snapshots;

    @Setup(Level.Trial)
    public void build() {
        SplittableRandom random = new SplittableRandom(42);
        long[] shared = new long[SHARED_BLOCKS];
        for (int i = 0; i < shared.length; i++) {
            shared[i] = random.nextLong();
        }
        int perWorker = TOTAL_BLOCKS / WORKERS;
        int perConversation = perWorker / CONVERSATIONS;
        snapshots = new ArrayList<>();
        long engineHash = 1;
        for (long w = 0; w < WORKERS; w++) {
            List<KvEvent> events = new ArrayList<>(perWorker + 1);
            long id = 100; // a worker that has been serving a while
            events.add(new KvEvent.Cleared(id++));
            for (int c = 0; c < CONVERSATIONS; c++) {
                int sharedDepth = random.nextInt(SHARED_BLOCKS);
                int length = c == CONVERSATIONS - 1 ? perWorker - c * perConversation : perConversation;
                OptionalLong parent = OptionalLong.empty();
                for (int i = 0; i < length; i++) {
                    long local = i < sharedDepth ? shared[i] : random.nextLong();
                    long hash = engineHash++;
                    events.add(new KvEvent.Stored(id++, parent, List.of(new KvEvent.StoredBlock(hash, local))));
                    parent = OptionalLong.of(hash);
                }
            }
            snapshots.add(EventCodec.encode(new WorkerKvEvents(w, events)));
        }
    }

    @Benchmark
    public long applySnapshotsOf1MBlocksOver64Workers() {
        try (KvIndexer indexer = KvIndexer.inline("warmup", (worker, newly) -> {})) {
            for (byte[] s : snapshots) {
                indexer.submitEncoded(s);
            }
            if (indexer.appliedEvents() != TOTAL_BLOCKS + WORKERS) {
                throw new IllegalStateException("applied " + indexer.appliedEvents() + " events");
            }
            return indexer.appliedEvents();
        }
    }
}
