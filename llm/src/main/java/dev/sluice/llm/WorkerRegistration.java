package dev.sluice.llm;

import dev.sluice.protocol.DiscoveryKeys;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.Json;
import dev.sluice.protocol.ModelCard;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestPlane;
import java.time.Duration;

/**
 * A worker's presence: its engine served on the request plane and its instance record (and, for the longest tier, the
 * model card) in discovery under one lease. Closing it withdraws everything, as a dying process's expiring lease does.
 */
public final class WorkerRegistration implements AutoCloseable {
    public static final String NAMESPACE = "sluice";
    public static final String COMPONENT = "backend";
    /** Prefill workers publish their KV events and load under this component, apart from the decode tiers. */
    public static final String PREFILL_COMPONENT = "prefill";

    public static final String ENDPOINT = "generate";

    private final Discovery.Lease lease;
    private final RequestPlane.Registration served;
    private final InstanceRecord record;

    private WorkerRegistration(Discovery.Lease lease, RequestPlane.Registration served, InstanceRecord record) {
        this.lease = lease;
        this.served = served;
        this.record = record;
    }

    /** Registers a worker; the instance id is the lease id. {@code engine} gets the id to name itself in events. */
    public static WorkerRegistration register(
            Discovery discovery,
            RequestPlane requestPlane,
            Duration leaseTtl,
            WorkerMetadata metadata,
            ModelCard card,
            java.util.function.LongFunction<Engine<PreprocessedRequest, EngineOutput>> engine) {
        Discovery.Lease lease = discovery.grantLease(leaseTtl);
        long id = lease.id();
        RequestPlane.Registration served = requestPlane.serve(id, engine.apply(id));
        InstanceRecord record = new InstanceRecord(NAMESPACE, COMPONENT, ENDPOINT, id, served.address(), metadata);
        discovery.put(record.key(), Json.encode(record), lease);
        if (metadata.publishesModel()) {
            discovery.put(DiscoveryKeys.modelCard(NAMESPACE, COMPONENT, ENDPOINT, id), Json.encode(card), lease);
        }
        return new WorkerRegistration(lease, served, record);
    }

    public InstanceRecord record() {
        return record;
    }

    public long instanceId() {
        return record.instanceId();
    }

    @Override
    public void close() {
        lease.close();
        served.close();
    }
}
