package dev.sluice.runtime;

import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;

/**
 * How a router reaches a worker's engine: a direct call in one JVM, gRPC server-streaming when distributed. Closing a
 * client stream cancels the request on the worker. A client for an instance that is gone fails with
 * {@link StreamBrokenException}, so the request can be retried elsewhere.
 */
public interface RequestPlane extends AutoCloseable {
    /** Serves {@code engine} as {@code instanceId}; the returned registration knows the address clients use. */
    Registration serve(long instanceId, Engine<PreprocessedRequest, EngineOutput> engine);

    Engine<PreprocessedRequest, EngineOutput> client(InstanceRecord instance);

    @Override
    void close();

    /** A served endpoint; closing it stops serving and breaks its open streams. */
    interface Registration extends AutoCloseable {
        String address();

        @Override
        void close();
    }
}
