package dev.sluice.grpc;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.wire.OutputBatch;
import dev.sluice.wire.OutputExtra;

/** Reads the outputs of one {@link OutputBatch} in order; owned by one consumer thread. */
final class BatchCursor {
    static final BatchCursor EMPTY = new BatchCursor(OutputBatch.getDefaultInstance());

    private final OutputBatch batch;
    private final int outputs;
    private final boolean counted;
    private int output;
    private int token;
    private int extra;

    /** Throws {@link IllegalArgumentException} for a batch whose columns disagree. */
    BatchCursor(OutputBatch batch) {
        this.batch = batch;
        this.counted = batch.getTokenCountsCount() > 0;
        this.outputs = counted ? batch.getTokenCountsCount() : batch.getTokenIdsCount();
        long tokens = 0;
        for (int i = 0; counted && i < outputs; i++) {
            tokens += batch.getTokenCounts(i);
        }
        if (counted && tokens != batch.getTokenIdsCount()) {
            throw new IllegalArgumentException(
                    "a batch counts " + tokens + " tokens but holds " + batch.getTokenIdsCount());
        }
        int last = -1;
        for (OutputExtra e : batch.getExtrasList()) {
            if (e.getIndex() <= last || e.getIndex() >= outputs) {
                throw new IllegalArgumentException(
                        "a batch of " + outputs + " outputs has an extra at " + e.getIndex());
            }
            last = e.getIndex();
        }
    }

    boolean hasNext() {
        return output < outputs;
    }

    EngineOutput next() {
        int n = counted ? batch.getTokenCounts(output) : 1;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = batch.getTokenIds(token++);
        }
        EngineOutput out;
        if (extra < batch.getExtrasCount() && batch.getExtras(extra).getIndex() == output) {
            out = OutputCodec.decode(ids, batch.getExtras(extra++));
        } else {
            out = EngineOutput.tokens(ids);
        }
        output++;
        return out;
    }
}
