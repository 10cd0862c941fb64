package dev.sluice.kvrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.EventCodec;
import dev.sluice.protocol.KvEvent;
import dev.sluice.protocol.WorkerKvEvents;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class KvIndexerTest {
    /** A batch of {@code events} stored events, big enough that the writer takes a while to decode it. */
    private static byte[] bigBatch(long worker, long firstEventId, int events) {
        List<KvEvent> stored = LongStream.range(0, events)
                .mapToObj(i -> (KvEvent) new KvEvent.Stored(
                        firstEventId + i,
                        OptionalLong.empty(),
                        List.of(new KvEvent.StoredBlock(firstEventId + i, (firstEventId + i) * 31))))
                .toList();
        return EventCodec.encode(new WorkerKvEvents(worker, stored));
    }

    @Test
    void awaitIdleWaitsForTheBatchTheWriterHasTakenOffTheQueue() throws Exception {
        int events = 20_000;
        try (KvIndexer indexer = new KvIndexer("t", 16, (worker, newly) -> {})) {
            indexer.start();
            for (int round = 1; round <= 20; round++) {
                assertThat(indexer.submitEncoded(bigBatch(1, (round - 1L) * events, events)))
                        .isTrue();
                assertThat(indexer.awaitIdle(10_000)).isTrue();
                assertThat(indexer.appliedEvents())
                        .as("events applied when awaitIdle returned in round %d", round)
                        .isEqualTo((long) round * events);
                assertThat(indexer.pendingBatches()).isZero();
            }
        }
    }

    @Test
    void countsDroppedBatchesWhenTheQueueIsFull() throws Exception {
        try (KvIndexer indexer = new KvIndexer("t", 2, (worker, newly) -> {})) {
            // not started: nothing drains the queue
            assertThat(indexer.submitEncoded(bigBatch(1, 0, 1))).isTrue();
            assertThat(indexer.submitEncoded(bigBatch(1, 1, 1))).isTrue();
            assertThat(indexer.submitEncoded(bigBatch(1, 2, 1))).isFalse();
            assertThat(indexer.droppedBatches()).isEqualTo(1);
            assertThat(indexer.awaitIdle(10))
                    .as("two batches wait for a writer")
                    .isFalse();
            indexer.start();
            assertThat(indexer.awaitIdle(10_000)).isTrue();
            assertThat(indexer.appliedEvents()).isEqualTo(2);
        }
    }
}
