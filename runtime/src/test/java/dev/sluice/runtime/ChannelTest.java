package dev.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChannelTest {
    @Test
    void deliversItemsInOrderThenEnds() {
        Channel<Integer> ch = new Channel<>(4, () -> {});
        assertThat(ch.send(1)).isTrue();
        assertThat(ch.send(2)).isTrue();
        ch.finish();
        assertThat(ch.toList()).containsExactly(1, 2);
    }

    @Test
    void refusesItemsBeyondCapacityWithoutBlocking() {
        Channel<Integer> ch = new Channel<>(1, () -> {});
        assertThat(ch.send(1)).isTrue();
        assertThat(ch.send(2)).isFalse();
    }

    @Test
    void aBatchTakesWhatIsReadyUpToItsLimitInOrder() {
        Channel<Integer> ch = new Channel<>(8, () -> {});
        for (int i = 1; i <= 5; i++) {
            ch.send(i);
        }
        ch.finish();
        assertThat(ch.nextBatch(3)).containsExactly(1, 2, 3);
        assertThat(ch.nextBatch(3)).containsExactly(4, 5);
        assertThat(ch.nextBatch(3)).isEmpty();
    }

    @Test
    void aBatchWaitsForTheFirstItemAndRaisesAFailureAfterTheItems() throws Exception {
        Channel<Integer> ch = new Channel<>(8, () -> {});
        CompletableFuture<List<Integer>> read = CompletableFuture.supplyAsync(() -> ch.nextBatch(10));
        Thread.ofVirtual().start(() -> ch.send(7));
        assertThat(read.get(5, TimeUnit.SECONDS)).containsExactly(7);
        ch.send(8);
        ch.fail(new IllegalStateException("engine died"));
        assertThat(ch.nextBatch(10)).containsExactly(8);
        assertThatThrownBy(() -> ch.nextBatch(10)).hasMessage("engine died");
    }

    @Test
    void aMappedStreamMapsEveryItemOfABatch() {
        Channel<Integer> ch = new Channel<>(8, () -> {});
        ch.send(1);
        ch.send(2);
        ch.finish();
        assertThat(ch.map(i -> i * 10).nextBatch(10)).containsExactly(10, 20);
    }

    @Test
    void consumerBlocksUntilProducerSends() throws Exception {
        Channel<String> ch = new Channel<>(4, () -> {});
        CompletableFuture<Optional<String>> read = CompletableFuture.supplyAsync(ch::next);
        Thread.ofVirtual().start(() -> ch.send("x"));
        assertThat(read.get(5, TimeUnit.SECONDS)).contains("x");
    }

    @Test
    void closingBeforeTheEndCancelsOnceAndRefusesFurtherItems() {
        AtomicInteger cancels = new AtomicInteger();
        Channel<Integer> ch = new Channel<>(4, cancels::incrementAndGet);
        ch.send(1);
        ch.close();
        ch.close();
        assertThat(cancels).hasValue(1);
        assertThat(ch.send(2)).isFalse();
        assertThat(ch.next()).isEmpty();
    }

    @Test
    void closingAfterTheEndDoesNotCancel() {
        AtomicInteger cancels = new AtomicInteger();
        Channel<Integer> ch = new Channel<>(4, cancels::incrementAndGet);
        ch.finish();
        assertThat(ch.next()).isEmpty();
        ch.close();
        assertThat(cancels).hasValue(0);
    }

    @Test
    void failureReachesTheConsumerAfterBufferedItems() {
        Channel<Integer> ch = new Channel<>(4, () -> {});
        ch.send(1);
        ch.fail(new StreamBrokenException("worker died"));
        assertThat(ch.next()).contains(1);
        assertThatThrownBy(ch::next).isInstanceOf(StreamBrokenException.class).hasMessage("worker died");
    }

    @Test
    void pollIsPendingUntilTheProducerSendsAndThenWakesTheReaderOnce() {
        Channel<Integer> ch = new Channel<>(4, () -> {});
        AtomicInteger wakes = new AtomicInteger();
        assertThat(ch.poll(wakes::incrementAndGet)).isInstanceOf(Poll.Pending.class);
        assertThat(wakes).hasValue(0);
        ch.send(7);
        ch.send(8);
        assertThat(wakes).as("a waker is used once").hasValue(1);
        assertThat(ch.poll(wakes::incrementAndGet)).isEqualTo(Poll.item(7));
        assertThat(ch.poll(wakes::incrementAndGet)).isEqualTo(Poll.item(8));
        assertThat(ch.poll(wakes::incrementAndGet)).isInstanceOf(Poll.Pending.class);
        ch.finish();
        assertThat(wakes).hasValue(2);
        assertThat(ch.poll(Waker.NONE)).isInstanceOf(Poll.End.class);
    }

    @Test
    void aPendingReaderIsWokenByFailureAndThenSeesIt() {
        Channel<Integer> ch = new Channel<>(4, () -> {});
        AtomicInteger wakes = new AtomicInteger();
        ch.poll(wakes::incrementAndGet);
        ch.fail(new StreamBrokenException("gone"));
        assertThat(wakes).hasValue(1);
        assertThatThrownBy(() -> ch.poll(Waker.NONE)).isInstanceOf(StreamBrokenException.class);
    }

    @Test
    void aBlockedReaderWakesWhenTheStreamIsClosedElsewhere() throws Exception {
        Channel<String> ch = new Channel<>(4, () -> {});
        CompletableFuture<Optional<String>> read = CompletableFuture.supplyAsync(ch::next);
        Thread.ofVirtual().start(ch::close);
        assertThat(read.get(5, TimeUnit.SECONDS)).isEmpty();
    }
}
