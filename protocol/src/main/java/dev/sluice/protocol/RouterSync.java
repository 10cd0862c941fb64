package dev.sluice.protocol;

import java.util.List;
import java.util.Objects;

/**
 * What one router replica tells the others about a placement, so that every replica sees the same load
 * ({@code --router-replica-sync}): a request added to a worker (its blocks and pending prefill), its prefill done,
 * or its end.
 */
public record RouterSync(
        String routerId, Kind kind, String placementId, long worker, List<Long> blockHashes, int prefillTokens) {
    public enum Kind {
        ADD,
        PREFILL_DONE,
        FREE
    }

    public RouterSync {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(placementId, "placementId");
        blockHashes = List.copyOf(blockHashes);
    }
}
