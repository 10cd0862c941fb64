package dev.sluice.protocol;

import java.util.Objects;

/**
 * A live worker endpoint as registered in discovery under
 * {@code v1/instances/{namespace}/{component}/{endpoint}/{instanceId}}. {@code address} is how the request plane
 * reaches it (empty in one JVM).
 */
public record InstanceRecord(
        String namespace, String component, String endpoint, long instanceId, String address, WorkerMetadata metadata) {
    public InstanceRecord {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(metadata, "metadata");
    }

    public String key() {
        return DiscoveryKeys.instance(namespace, component, endpoint, instanceId);
    }
}
