package dev.sluice.llm;

import dev.sluice.protocol.InstanceRecord;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workers whose stream broke while serving this request (a request-context attachment). A re-issued sequence avoids
 * them while any other worker of the tier is live: discovery may list a dead worker until its lease expires.
 */
final class FailedWorkers {
    private final Set<Long> ids = ConcurrentHashMap.newKeySet();

    void add(long workerId) {
        ids.add(workerId);
    }

    List<InstanceRecord> without(List<InstanceRecord> tier) {
        if (ids.isEmpty()) {
            return tier;
        }
        List<InstanceRecord> rest =
                tier.stream().filter(r -> !ids.contains(r.instanceId())).toList();
        return rest.isEmpty() ? tier : rest;
    }
}
