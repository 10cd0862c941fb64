package dev.sluice.protocol;

import java.util.Objects;

/** What discovery knows about a worker: its model, role, decode tier and capacity. */
public record WorkerMetadata(
        String model,
        WorkerRole role,
        int thisSeqlen,
        int maxSeqlen,
        int kvBlockSize,
        int totalKvBlocks,
        int maxNumSeqs,
        int maxNumBatchedTokens) {
    public WorkerMetadata {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(role, "role");
        if (thisSeqlen <= 0) {
            throw new IllegalArgumentException("this-seqlen " + thisSeqlen + " must be positive");
        }
        if (thisSeqlen > maxSeqlen) {
            throw new IllegalArgumentException("this-seqlen " + thisSeqlen + " exceeds max-seqlen " + maxSeqlen);
        }
        if (kvBlockSize <= 0) {
            throw new IllegalArgumentException("kv-block-size " + kvBlockSize + " must be positive");
        }
    }

    /** Whether this worker holds the deployment's longest sequences and so publishes the model card. */
    public boolean publishesModel() {
        return role.decodes() && thisSeqlen == maxSeqlen;
    }
}
