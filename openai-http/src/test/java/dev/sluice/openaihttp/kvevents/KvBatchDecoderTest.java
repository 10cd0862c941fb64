package dev.sluice.openaihttp.kvevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KvBatchDecoderTest {
    private static final EngineHash H = new EngineHash.Int(0xababababababababL);

    /**
     * Bytes written as in the wire notes: hex digits, and quoted text for a string's UTF-8 bytes (its header byte is
     * written in hex before it).
     */
    static byte[] bytes(String notation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] parts = notation.split("\"", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1) {
                out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes(HexFormat.of().parseHex(parts[i].replaceAll("\\s", "")));
            }
        }
        return out.toByteArray();
    }

    /** The example batch of the wire notes, byte for byte: one store, one removal, one clear, rank 0. */
    static final byte[] EXAMPLE_ARRAY_FORM = bytes("""
            93 cb3ff8000000000000 93 9c ab"BlockStored" 91 cfabababababababab c0 94 01020304 04 c0 a3"GPU" c0 c0 c0 c0 c0
                     94 ac"BlockRemoved" 91 cfabababababababab a3"GPU" c0  91 b0"AllBlocksCleared"  00
            """);

    /** The same batch with map-form events, fields still at their defaults left out. */
    static final byte[] EXAMPLE_MAP_FORM = bytes("""
            93 cb3ff8000000000000 93
               86 a4"type" ab"BlockStored" ac"block_hashes" 91 cfabababababababab b1"parent_block_hash" c0
                  a9"token_ids" 94 01020304 aa"block_size" 04 a6"medium" a3"GPU"
               83 a4"type" ac"BlockRemoved" ac"block_hashes" 91 cfabababababababab a6"medium" a3"GPU"
               81 a4"type" b0"AllBlocksCleared"
            00
            """);

    private static final EngineKvBatch EXPECTED = new EngineKvBatch(
            1.5,
            List.of(
                    new EngineKvEvent.BlockStored(
                            List.of(H),
                            Optional.empty(),
                            new int[] {1, 2, 3, 4},
                            4,
                            false,
                            Optional.of("GPU"),
                            OptionalInt.empty()),
                    new EngineKvEvent.BlockRemoved(List.of(H), Optional.of("GPU"), OptionalInt.empty()),
                    new EngineKvEvent.AllBlocksCleared()),
            OptionalInt.of(0));

    @Test
    void decodesTheExampleBatchInArrayForm() {
        assertThat(EXAMPLE_ARRAY_FORM).hasSize(99);
        assertThat(KvBatchDecoder.decode(EXAMPLE_ARRAY_FORM)).isEqualTo(EXPECTED);
    }

    @Test
    void decodesTheSameBatchInMapForm() {
        assertThat(KvBatchDecoder.decode(EXAMPLE_MAP_FORM)).isEqualTo(EXPECTED);
    }

    @Test
    void unsignedHashesAbove2To63KeepTheirBitsAndSignedOnesToo() {
        long big = 0xfedcba9876543210L; // above 2^63 as unsigned, negative as signed
        for (EngineBatches.Hashes form : EngineBatches.Hashes.values()) {
            EngineBatches engine = new EngineBatches(false, form);
            EngineKvBatch b = KvBatchDecoder.decode(
                    engine.batch(2.0, List.of(engine.stored(new long[] {big}, 7L, new int[] {5, 6}, 2)), 3));
            EngineKvEvent.BlockStored s = (EngineKvEvent.BlockStored) b.events().getFirst();
            EngineHash expected = form == EngineBatches.Hashes.BYTES
                    ? new EngineHash.Bytes(HexFormat.of().parseHex("fedcba9876543210"))
                    : new EngineHash.Int(big);
            assertThat(s.blockHashes()).as(form.name()).containsExactly(expected);
            assertThat(s.parent()).isPresent();
            assertThat(b.dataParallelRank()).hasValue(3);
        }
    }

    @Test
    void olderBatchesWithoutRankAndShortEventsDecode() {
        EngineBatches sglang = new EngineBatches(false, EngineBatches.Hashes.SIGNED);
        byte[] twoElements = sglang.batch(3.0, List.of(sglang.removed(-5L)), null);
        EngineKvBatch b = KvBatchDecoder.decode(twoElements);
        assertThat(b.dataParallelRank()).isEmpty();
        assertThat(b.events())
                .containsExactly(new EngineKvEvent.BlockRemoved(
                        List.of(new EngineHash.Int(-5L)), Optional.of("GPU"), OptionalInt.empty()));
        // vLLM before medium existed: [tag, hashes, parent, tokens, block_size, lora_id]
        byte[] old = bytes("92 cb3ff8000000000000 91 96 ab\"BlockStored\" 91 01 c0 92 0506 02 c0");
        EngineKvEvent.BlockStored s =
                (EngineKvEvent.BlockStored) KvBatchDecoder.decode(old).events().getFirst();
        assertThat(s.medium()).isEmpty();
        assertThat(s.tokenIds()).containsExactly(5, 6);
    }

    @Test
    void unknownEventTypesAndExtraFieldsAreKeptApart() {
        byte[] b = bytes("92 01 92 92 a7\"Mystery\" 01 82 a4\"type\" b0\"AllBlocksCleared\" a1\"x\" 05");
        assertThat(KvBatchDecoder.decode(b).events())
                .containsExactly(new EngineKvEvent.Unknown("Mystery"), new EngineKvEvent.AllBlocksCleared());
    }

    @Test
    void loraBlocksAreMarked() {
        byte[] b = bytes("92 01 91 97 ab\"BlockStored\" 91 01 c0 92 0506 02 07 a3\"GPU\"");
        assertThat(((EngineKvEvent.BlockStored)
                                KvBatchDecoder.decode(b).events().getFirst())
                        .lora())
                .isTrue();
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThatThrownBy(() -> KvBatchDecoder.decode(new byte[] {(byte) 0xc1}))
                .isInstanceOf(KvBatchDecoder.MalformedBatchException.class);
        assertThatThrownBy(() -> KvBatchDecoder.decode(bytes("a3\"abc\"")))
                .hasMessageContaining("a batch is [ts, events, rank?]");
        assertThatThrownBy(() -> KvBatchDecoder.decode(bytes("92 01 91 95 ab\"BlockStored\" 91 a1\"h\" c0 90 02")))
                .hasMessageContaining("block hash");
        assertThatThrownBy(() -> KvBatchDecoder.decode(bytes("92 01 91 95 ab\"BlockStored\" 91 01 c0 91 ff 02")))
                .hasMessageContaining("token id -1");
        assertThatThrownBy(() -> KvBatchDecoder.decode(bytes("92 01 90 00"))).hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> KvBatchDecoder.decode(bytes("92 01 91 92 ab\"BlockStored\" 90")))
                .hasMessageContaining("without block_size");
    }
}
