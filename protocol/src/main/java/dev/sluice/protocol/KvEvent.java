package dev.sluice.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.OptionalLong;

/**
 * A change to one worker's KV cache. {@code eventId} increases by one per event and worker; a gap tells the router to
 * resynchronise that worker. Block hashes are the engine's own opaque ids; {@code tokensHash} is the router-compatible
 * local hash of the block's tokens.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = KvEvent.Stored.class, name = "stored"),
    @JsonSubTypes.Type(value = KvEvent.Removed.class, name = "removed"),
    @JsonSubTypes.Type(value = KvEvent.Cleared.class, name = "cleared")
})
public sealed interface KvEvent {
    long eventId();

    /** Blocks stored in order, the first one a child of {@code parentHash} (none for a root block). */
    record Stored(long eventId, OptionalLong parentHash, List<StoredBlock> blocks) implements KvEvent {
        public Stored {
            blocks = List.copyOf(blocks);
        }
    }

    /** Blocks evicted from the cache. */
    record Removed(long eventId, List<Long> blockHashes) implements KvEvent {
        public Removed {
            blockHashes = List.copyOf(blockHashes);
        }
    }

    /** Everything evicted. */
    record Cleared(long eventId) implements KvEvent {}

    /** One stored block: the engine's hash for it and the local hash of its tokens. */
    record StoredBlock(long blockHash, long tokensHash) {}
}
