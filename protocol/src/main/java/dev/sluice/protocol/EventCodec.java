package dev.sluice.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The binary form of the event plane's messages: KV event batches and load reports, published by every worker on
 * every step, so their encoding is on the hot path of serving and of simulation. Big-endian, exact-size, one leading
 * tag byte and a version:
 *
 * <pre>
 * KV batch: 'K' 1 worker:i64 count:i32 { kind:u8 event_id:i64 payload }*
 *           stored (1): has_parent:u8 [parent:i64] n:i32 { block_hash:i64 tokens_hash:i64 }*n
 *           removed (2): n:i32 { block_hash:i64 }*n        cleared (3): nothing
 * load:     'L' 1 worker:i64 running:i32 waiting:i32 kv_used:i32 kv_total:i32 cache_hit_rate:f64
 * </pre>
 *
 * A message that does not parse fails with {@link IllegalArgumentException} naming what was wrong.
 */
public final class EventCodec {
    private static final byte KV = 'K';
    private static final byte LOAD = 'L';
    private static final byte VERSION = 1;
    private static final byte STORED = 1;
    private static final byte REMOVED = 2;
    private static final byte CLEARED = 3;

    private EventCodec() {}

    public static byte[] encode(WorkerKvEvents batch) {
        int size = 2 + 8 + 4;
        for (KvEvent e : batch.events()) {
            size += 1
                    + 8
                    + switch (e) {
                        case KvEvent.Stored s ->
                            1
                                    + (s.parentHash().isPresent() ? 8 : 0)
                                    + 4
                                    + 16 * s.blocks().size();
                        case KvEvent.Removed r -> 4 + 8 * r.blockHashes().size();
                        case KvEvent.Cleared c -> 0;
                    };
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(KV).put(VERSION).putLong(batch.workerId()).putInt(batch.events().size());
        for (KvEvent e : batch.events()) {
            switch (e) {
                case KvEvent.Stored s -> {
                    b.put(STORED).putLong(s.eventId()).put((byte)
                            (s.parentHash().isPresent() ? 1 : 0));
                    s.parentHash().ifPresent(b::putLong);
                    b.putInt(s.blocks().size());
                    s.blocks().forEach(k -> b.putLong(k.blockHash()).putLong(k.tokensHash()));
                }
                case KvEvent.Removed r -> {
                    b.put(REMOVED).putLong(r.eventId()).putInt(r.blockHashes().size());
                    r.blockHashes().forEach(b::putLong);
                }
                case KvEvent.Cleared c -> b.put(CLEARED).putLong(c.eventId());
            }
        }
        return b.array();
    }

    public static WorkerKvEvents decodeKvEvents(byte[] bytes) {
        ByteBuffer b = header(bytes, KV, "KV event batch");
        try {
            long worker = b.getLong();
            int count = count(b, 9, "events");
            List<KvEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                events.add(event(b));
            }
            end(b, "KV event batch");
            return new WorkerKvEvents(worker, events);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("KV event batch of " + bytes.length + " bytes is cut short");
        }
    }

    /**
     * A router's request, on a KV event subject's {@code .snapshot} subject, that one worker announce its cache again:
     * the worker's id as 8 big-endian bytes. An empty request asks every worker of the subject.
     */
    public static byte[] encodeSnapshotRequest(long worker) {
        return ByteBuffer.allocate(8).putLong(worker).array();
    }

    /** Whether a snapshot request asks {@code worker}: it names that worker, or none. */
    public static boolean snapshotRequested(byte[] request, long worker) {
        return request.length != 8 || ByteBuffer.wrap(request).getLong() == worker;
    }

    /**
     * The worker a KV event batch names in its header, read without decoding the rest: what a router needs to mark
     * the worker whose batch did not parse. Empty when even the header is not that of a KV batch.
     */
    public static OptionalLong kvBatchWorker(byte[] bytes) {
        if (bytes.length < 2 + 8 || bytes[0] != KV || bytes[1] != VERSION) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(bytes).getLong(2));
    }

    private static KvEvent event(ByteBuffer b) {
        byte kind = b.get();
        long id = b.getLong();
        return switch (kind) {
            case STORED -> {
                byte hasParent = b.get();
                if (hasParent != 0 && hasParent != 1) {
                    throw new IllegalArgumentException("stored event " + id + " has a parent flag of " + hasParent);
                }
                OptionalLong parent = hasParent == 1 ? OptionalLong.of(b.getLong()) : OptionalLong.empty();
                int n = count(b, 16, "stored blocks");
                List<KvEvent.StoredBlock> blocks = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    blocks.add(new KvEvent.StoredBlock(b.getLong(), b.getLong()));
                }
                yield new KvEvent.Stored(id, parent, blocks);
            }
            case REMOVED -> {
                int n = count(b, 8, "removed blocks");
                List<Long> hashes = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    hashes.add(b.getLong());
                }
                yield new KvEvent.Removed(id, hashes);
            }
            case CLEARED -> new KvEvent.Cleared(id);
            default -> throw new IllegalArgumentException("KV event " + id + " has unknown kind " + kind);
        };
    }

    public static byte[] encode(WorkerLoad load) {
        return ByteBuffer.allocate(2 + 8 + 16 + 8)
                .put(LOAD)
                .put(VERSION)
                .putLong(load.workerId())
                .putInt(load.runningSeqs())
                .putInt(load.waitingSeqs())
                .putInt(load.kvBlocksUsed())
                .putInt(load.kvBlocksTotal())
                .putDouble(load.cacheHitRate())
                .array();
    }

    public static WorkerLoad decodeLoad(byte[] bytes) {
        ByteBuffer b = header(bytes, LOAD, "load report");
        try {
            WorkerLoad load =
                    new WorkerLoad(b.getLong(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getDouble());
            end(b, "load report");
            return load;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("load report of " + bytes.length + " bytes is cut short");
        }
    }

    private static ByteBuffer header(byte[] bytes, byte tag, String what) {
        if (bytes.length < 2 || bytes[0] != tag) {
            throw new IllegalArgumentException("not a " + what + ": it starts with "
                    + (bytes.length == 0 ? "nothing" : String.format("0x%02x", bytes[0])));
        }
        if (bytes[1] != VERSION) {
            throw new IllegalArgumentException(what + " of version " + bytes[1] + "; this build reads " + VERSION);
        }
        return ByteBuffer.wrap(bytes, 2, bytes.length - 2);
    }

    /** A count that the rest of the message can hold, so a corrupt one cannot make us allocate gigabytes. */
    private static int count(ByteBuffer b, int bytesEach, String what) {
        int n = b.getInt();
        if (n < 0 || (long) n * bytesEach > b.remaining()) {
            throw new IllegalArgumentException("a count of " + n + " " + what + " does not fit the message");
        }
        return n;
    }

    private static void end(ByteBuffer b, String what) {
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(what + " has " + b.remaining() + " bytes after its end");
        }
    }
}
