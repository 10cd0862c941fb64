package dev.sluice.microbench;

import dev.sluice.kvrouter.BlockHashes;
import dev.sluice.kvrouter.RadixIndex;
import java.util.SplittableRandom;

/**
 * Heap bytes per (block, worker) of a {@link RadixIndex} holding the benchmark's 1,000,000 blocks over 64 workers:
 * the used-heap delta across building it, each side measured after repeated {@code System.gc()}. Run with
 * {@code java -cp microbench/target/benchmarks.jar dev.sluice.microbench.IndexFootprint}.
 */
public final class IndexFootprint {
    private IndexFootprint() {}

    public static void main(String[] args) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(42);
        long[] shared = BlockHashes.localHashes(RadixIndexBenchmark.requestTokens(random), 16);
        long before = usedAfterGc();
        RadixIndex index = new RadixIndex();
        RadixIndexBenchmark.fill(shared, random, index::apply);
        long after = usedAfterGc();
        double perPair = (after - before) / (double) RadixIndexBenchmark.TOTAL_BLOCKS;
        System.out.printf(
                "index of %,d (block, worker) pairs over %d workers: %,d bytes, %.1f bytes per pair (tree size of"
                        + " worker 0: %d)%n",
                RadixIndexBenchmark.TOTAL_BLOCKS,
                RadixIndexBenchmark.WORKERS,
                after - before,
                perPair,
                index.treeSize(0));
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
