package dev.sluice.openaihttp.kvevents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Writes KV event batches as a vLLM or SGLang engine does, for tests and stand-in engines: msgpack, events as tagged
 * arrays or as maps tagged by "type", hashes as unsigned 64-bit integers (vLLM), signed ones (SGLang) or bytes.
 */
public final class EngineBatches {
    /** How an engine writes its block hashes. */
    public enum Hashes {
        UNSIGNED,
        SIGNED,
        BYTES
    }

    /** A value written as msgpack nil. */
    public static final Object NIL = new Object();

    private final boolean mapForm;
    private final Hashes hashes;

    public EngineBatches(boolean mapForm, Hashes hashes) {
        this.mapForm = mapForm;
        this.hashes = hashes;
    }

    /** vLLM's default: tagged arrays, unsigned integer hashes. */
    public static EngineBatches vllm() {
        return new EngineBatches(false, Hashes.UNSIGNED);
    }

    /** A BlockStored event; {@code parent} null for a root block. */
    public Object stored(long[] blockHashes, Long parent, int[] tokenIds, int blockSize) {
        List<Object> ids = new ArrayList<>();
        for (int t : tokenIds) {
            ids.add(t);
        }
        List<Object> hs = new ArrayList<>();
        for (long h : blockHashes) {
            hs.add(new Hash(h));
        }
        return new Event(
                "BlockStored",
                List.of("block_hashes", "parent_block_hash", "token_ids", "block_size", "lora_id", "medium"),
                List.of(hs, parent == null ? NIL : new Hash(parent), ids, blockSize, NIL, "GPU"));
    }

    public Object removed(long... blockHashes) {
        List<Object> hs = new ArrayList<>();
        for (long h : blockHashes) {
            hs.add(new Hash(h));
        }
        return new Event("BlockRemoved", List.of("block_hashes", "medium"), List.of(hs, "GPU"));
    }

    public Object cleared() {
        return new Event("AllBlocksCleared", List.of(), List.of());
    }

    /** A whole batch; {@code rank} null to leave the data-parallel rank out, as older SGLang does. */
    public byte[] batch(double ts, List<Object> events, Integer rank) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            out.packArrayHeader(rank == null ? 2 : 3);
            out.packDouble(ts);
            out.packArrayHeader(events.size());
            for (Object e : events) {
                write(out, e);
            }
            if (rank != null) {
                out.packInt(rank);
            }
            out.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Hash(long bits) {}

    private record Event(String type, List<String> names, List<Object> values) {}

    private void write(MessageBufferPacker out, Object v) throws IOException {
        switch (v) {
            case Event e
            when mapForm -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", e.type());
                for (int i = 0; i < e.names().size(); i++) {
                    if (e.values().get(i) != NIL) {
                        m.put(e.names().get(i), e.values().get(i)); // defaults left out, as msgspec does
                    }
                }
                out.packMapHeader(m.size());
                for (Map.Entry<String, Object> kv : m.entrySet()) {
                    out.packString(kv.getKey());
                    write(out, kv.getValue());
                }
            }
            case Event e -> {
                out.packArrayHeader(e.values().size() + 1);
                out.packString(e.type());
                for (Object x : e.values()) {
                    write(out, x);
                }
            }
            case Hash h -> hash(out, h.bits());
            case List<?> l -> {
                out.packArrayHeader(l.size());
                for (Object x : l) {
                    write(out, x);
                }
            }
            case String s -> out.packString(s);
            case Integer i -> out.packInt(i);
            case Long l -> out.packLong(l);
            default -> out.packNil();
        }
    }

    private void hash(MessageBufferPacker out, long bits) throws IOException {
        switch (hashes) {
            case UNSIGNED -> out.packBigInteger(new BigInteger(Long.toUnsignedString(bits)));
            case SIGNED -> out.packLong(bits);
            case BYTES -> {
                byte[] b = java.nio.ByteBuffer.allocate(8).putLong(bits).array();
                out.packBinaryHeader(b.length);
                out.writePayload(b);
            }
        }
    }
}
