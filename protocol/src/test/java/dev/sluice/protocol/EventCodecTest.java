package dev.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    static final WorkerKvEvents BATCH = new WorkerKvEvents(
            0xfeedL,
            List.of(
                    new KvEvent.Stored(
                            7,
                            OptionalLong.empty(),
                            List.of(new KvEvent.StoredBlock(-1, 2), new KvEvent.StoredBlock(Long.MIN_VALUE, 4))),
                    new KvEvent.Stored(8, OptionalLong.of(-1), List.of(new KvEvent.StoredBlock(5, 6))),
                    new KvEvent.Removed(9, List.of(-1L, Long.MAX_VALUE)),
                    new KvEvent.Cleared(10)));

    @Test
    void aBatchOfEveryKindRoundTrips() {
        assertThat(EventCodec.decodeKvEvents(EventCodec.encode(BATCH))).isEqualTo(BATCH);
    }

    @Property(tries = 200)
    void storedBlocksRoundTripWhateverTheirHashes(@ForAll @Size(max = 40) List<Long> hashes, @ForAll long worker) {
        List<KvEvent.StoredBlock> blocks =
                hashes.stream().map(h -> new KvEvent.StoredBlock(h, ~h)).toList();
        WorkerKvEvents batch = new WorkerKvEvents(
                worker,
                List.of(new KvEvent.Stored(1, OptionalLong.of(worker), blocks), new KvEvent.Removed(2, hashes)));
        assertThat(EventCodec.decodeKvEvents(EventCodec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void aLoadReportRoundTrips() {
        WorkerLoad load = new WorkerLoad(3, 4, 5, 600, 1000, 0.25);
        assertThat(EventCodec.decodeLoad(EventCodec.encode(load))).isEqualTo(load);
    }

    @Test
    void malformedMessagesAreRefusedWithAReasonNeverAHugeAllocation() {
        byte[] good = EventCodec.encode(BATCH);
        assertThatThrownBy(() -> EventCodec.decodeKvEvents(new byte[0])).hasMessageContaining("starts with nothing");
        assertThatThrownBy(() -> EventCodec.decodeKvEvents("{\"json\":1}".getBytes()))
                .hasMessageContaining("not a KV event batch");
        assertThatThrownBy(() -> EventCodec.decodeKvEvents(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut short");
        byte[] hugeCount = good.clone();
        hugeCount[10] = 0x7f; // the event count's top byte
        assertThatThrownBy(() -> EventCodec.decodeKvEvents(hugeCount)).hasMessageContaining("does not fit");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> EventCodec.decodeKvEvents(trailing)).hasMessageContaining("after its end");
        byte[] version = good.clone();
        version[1] = 9;
        assertThatThrownBy(() -> EventCodec.decodeKvEvents(version)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> EventCodec.decodeLoad(good)).hasMessageContaining("not a load report");
    }
}
