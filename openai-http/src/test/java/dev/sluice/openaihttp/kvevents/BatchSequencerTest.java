package dev.sluice.openaihttp.kvevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BatchSequencerTest {
    private final List<String> applied = new ArrayList<>();
    private final KvEventCounters counters = new KvEventCounters();
    private final List<BatchSequencer.Sequenced> engineBuffer = new ArrayList<>();

    private final BatchSequencer.Sink sink = new BatchSequencer.Sink() {
        @Override
        public void apply(byte[] payload) {
            applied.add(String.valueOf(payload[0]));
        }

        @Override
        public void restarted() {
            applied.add("restart");
        }
    };

    private BatchSequencer sequencer(boolean replay) {
        Optional<BatchSequencer.Replay> r = replay
                ? Optional.of(start ->
                        engineBuffer.stream().filter(b -> b.seq() >= start).toList())
                : Optional.empty();
        return new BatchSequencer(r, sink, counters, "tcp://engine:5557");
    }

    private void buffer(long... seqs) {
        for (long s : seqs) {
            engineBuffer.add(new BatchSequencer.Sequenced(s, new byte[] {(byte) s}));
        }
    }

    private static byte[] p(long seq) {
        return new byte[] {(byte) seq};
    }

    @Test
    void aReplayThatRanAheadIsNotMistakenForARestart() {
        BatchSequencer s = sequencer(true);
        buffer(0, 1, 2, 3, 4);
        s.onLive(0, p(0));
        s.onLive(2, p(2)); // gap: the replay returns 1..4
        s.onLive(3, p(3)); // live copies of what the replay applied
        s.onLive(4, p(4));
        s.onLive(5, p(5));
        assertThat(applied).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(counters.restarts()).isZero();
        assertThat(counters.lostBatches()).isZero();
    }

    @Test
    void aReplayBufferThatNoLongerReachesBackCountsTheRest() {
        BatchSequencer s = sequencer(true);
        s.onLive(0, p(0));
        buffer(3, 4);
        s.onLive(4, p(4));
        assertThat(applied).containsExactly("0", "3", "4");
        assertThat(counters.lostBatches()).isEqualTo(2);
    }

    @Test
    void sequenceNumbersGoingBackAreARestartAndItsMissedStartIsCounted() {
        BatchSequencer s = sequencer(false);
        s.onLive(7, p(7)); // joined a running engine: nothing counted
        s.onLive(8, p(8));
        s.onLive(1, p(1)); // restarted, and batch 0 of the new run was missed
        assertThat(applied).containsExactly("7", "8", "restart", "1");
        assertThat(counters.restarts()).isEqualTo(1);
        assertThat(counters.lostBatches()).isEqualTo(1);
        assertThat(s.expected()).isEqualTo(2);
    }

    @Test
    void joiningWithAReplaySocketReplaysFromZero() {
        buffer(0, 1, 2);
        BatchSequencer s = sequencer(true);
        s.onLive(2, p(2));
        assertThat(applied).containsExactly("0", "1", "2");
    }
}
