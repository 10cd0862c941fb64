package dev.sluice.openaihttp.kvevents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.IntegerValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Decodes the msgpack payload of a vLLM or SGLang KV event message: {@code [ts, events, data_parallel_rank?]} with each
 * event either an array tagged by its first element ({@code ["BlockStored", hashes, parent, ...]}) or a map tagged by
 * {@code "type"}. Fields missing at the end of an array or from a map take their defaults; extra positions and unknown
 * keys are ignored. Hashes are integers (read as 64 raw bits, so unsigned values above 2^63 survive) or bytes.
 * Anything else is a {@link MalformedBatchException} naming what was wrong.
 */
final class KvBatchDecoder {
    private static final List<String> STORED_FIELDS = List.of(
            "block_hashes",
            "parent_block_hash",
            "token_ids",
            "block_size",
            "lora_id",
            "medium",
            "lora_name",
            "extra_keys",
            "group_idx");
    private static final List<String> REMOVED_FIELDS = List.of("block_hashes", "medium", "group_idx");

    /** A payload that is not a KV event batch. */
    static final class MalformedBatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedBatchException(String message) {
            super(message);
        }
    }

    private KvBatchDecoder() {}

    static EngineKvBatch decode(byte[] payload) {
        Value root;
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(payload)) {
            root = in.unpackValue();
            if (in.hasNext()) {
                throw new MalformedBatchException("trailing bytes after the batch");
            }
        } catch (IOException | RuntimeException e) {
            throw e instanceof MalformedBatchException m ? m : new MalformedBatchException("not msgpack: " + e);
        }
        if (root.isMapValue()) {
            Map<Value, Value> m = root.asMapValue().map();
            return batch(field(m, "ts"), field(m, "events"), field(m, "data_parallel_rank"));
        }
        if (!root.isArrayValue() || root.asArrayValue().size() < 2) {
            throw new MalformedBatchException("a batch is [ts, events, rank?], not " + root);
        }
        ArrayValue a = root.asArrayValue();
        return batch(a.get(0), a.get(1), a.size() > 2 ? a.get(2) : nil());
    }

    private static EngineKvBatch batch(Value ts, Value events, Value rank) {
        if (!ts.isNumberValue()) {
            throw new MalformedBatchException("timestamp " + ts + " is not a number");
        }
        double seconds = ts.isFloatValue()
                ? ts.asFloatValue().toDouble()
                : ts.asIntegerValue().toLong();
        if (!events.isArrayValue()) {
            throw new MalformedBatchException("events " + events + " is not an array");
        }
        List<EngineKvEvent> out = new ArrayList<>();
        for (Value e : events.asArrayValue()) {
            out.add(event(e));
        }
        OptionalInt dpRank = rank.isNilValue() ? OptionalInt.empty() : OptionalInt.of(smallInt(rank, "rank"));
        return new EngineKvBatch(seconds, out, dpRank);
    }

    private static EngineKvEvent event(Value e) {
        if (e.isArrayValue() && e.asArrayValue().size() > 0) {
            ArrayValue a = e.asArrayValue();
            String type = string(a.get(0), "event tag");
            return typed(type, name -> {
                int at = fieldsOf(type).indexOf(name) + 1;
                return at > 0 && at < a.size() ? a.get(at) : nil();
            });
        }
        if (e.isMapValue()) {
            Map<Value, Value> m = e.asMapValue().map();
            return typed(string(field(m, "type"), "event type"), name -> field(m, name));
        }
        throw new MalformedBatchException("event " + e + " is neither a tagged array nor a map");
    }

    private static List<String> fieldsOf(String type) {
        return type.equals("BlockStored") ? STORED_FIELDS : REMOVED_FIELDS;
    }

    private static EngineKvEvent typed(String type, Function<String, Value> f) {
        return switch (type) {
            case "BlockStored" -> stored(f);
            case "BlockRemoved" -> removed(f);
            case "AllBlocksCleared" -> new EngineKvEvent.AllBlocksCleared();
            default -> new EngineKvEvent.Unknown(type);
        };
    }

    private static EngineKvEvent.BlockStored stored(Function<String, Value> f) {
        Value size = f.apply("block_size");
        if (size.isNilValue()) {
            throw new MalformedBatchException("BlockStored without block_size");
        }
        Value tokens = f.apply("token_ids");
        if (!tokens.isArrayValue()) {
            throw new MalformedBatchException("BlockStored token_ids " + tokens + " is not an array");
        }
        int[] ids = new int[tokens.asArrayValue().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenId(tokens.asArrayValue().get(i));
        }
        Value parent = f.apply("parent_block_hash");
        return new EngineKvEvent.BlockStored(
                hashes(f.apply("block_hashes")),
                parent.isNilValue() ? Optional.empty() : Optional.of(hash(parent)),
                ids,
                smallInt(size, "block_size"),
                !f.apply("lora_id").isNilValue() || !f.apply("lora_name").isNilValue(),
                optionalString(f.apply("medium"), "medium"),
                optionalInt(f.apply("group_idx"), "group_idx"));
    }

    private static EngineKvEvent.BlockRemoved removed(Function<String, Value> f) {
        return new EngineKvEvent.BlockRemoved(
                hashes(f.apply("block_hashes")),
                optionalString(f.apply("medium"), "medium"),
                optionalInt(f.apply("group_idx"), "group_idx"));
    }

    private static List<EngineHash> hashes(Value v) {
        if (!v.isArrayValue()) {
            throw new MalformedBatchException("block_hashes " + v + " is not an array");
        }
        List<EngineHash> out = new ArrayList<>(v.asArrayValue().size());
        for (Value h : v.asArrayValue()) {
            out.add(hash(h));
        }
        return out;
    }

    static EngineHash hash(Value v) {
        if (v.isIntegerValue()) {
            IntegerValue i = v.asIntegerValue();
            // uint64 above 2^63 does not fit a long as a number, but its 64 bits do.
            return new EngineHash.Int(
                    i.isInLongRange() ? i.toLong() : i.toBigInteger().longValue());
        }
        if (v.isBinaryValue()) {
            return new EngineHash.Bytes(v.asBinaryValue().asByteArray());
        }
        throw new MalformedBatchException("block hash " + v + " is neither an integer nor bytes");
    }

    private static int tokenId(Value v) {
        if (!v.isIntegerValue()
                || !v.asIntegerValue().isInIntRange()
                || v.asIntegerValue().toInt() < 0) {
            throw new MalformedBatchException("token id " + v + " is not a non-negative 32-bit integer");
        }
        return v.asIntegerValue().toInt();
    }

    private static int smallInt(Value v, String what) {
        if (!v.isIntegerValue() || !v.asIntegerValue().isInIntRange()) {
            throw new MalformedBatchException(what + " " + v + " is not a 32-bit integer");
        }
        return v.asIntegerValue().toInt();
    }

    private static OptionalInt optionalInt(Value v, String what) {
        return v.isNilValue() ? OptionalInt.empty() : OptionalInt.of(smallInt(v, what));
    }

    private static Optional<String> optionalString(Value v, String what) {
        return v.isNilValue() ? Optional.empty() : Optional.of(string(v, what));
    }

    private static String string(Value v, String what) {
        if (!v.isStringValue()) {
            throw new MalformedBatchException(what + " " + v + " is not a string");
        }
        return v.asStringValue().asString();
    }

    private static Value field(Map<Value, Value> m, String key) {
        return m.getOrDefault(ValueFactory.newString(key), nil());
    }

    private static Value nil() {
        return ValueFactory.newNil();
    }
}
