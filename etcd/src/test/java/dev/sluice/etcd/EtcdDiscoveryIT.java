package dev.sluice.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.Discovery;
import dev.sluice.runtime.contract.Await;
import dev.sluice.runtime.contract.DiscoveryContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The discovery contract against a real etcd, plus what only a real one can show: expiry of a dead lease. */
class EtcdDiscoveryIT extends DiscoveryContract {
    static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdServer.start();
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        etcd.close();
    }

    @Override
    protected Discovery create() {
        return EtcdDiscovery.connect(etcd.endpoint);
    }

    @Test
    void keysOfAProcessThatDiesVanishWhenItsLeaseExpires() throws Exception {
        try (Discovery watcher = create()) {
            Discovery dying = create();
            Discovery.Lease lease = dying.grantLease(Duration.ofSeconds(2));
            dying.put("t9/instance", "x".getBytes(StandardCharsets.UTF_8), lease);
            assertThat(watcher.get("t9/")).hasSize(1);
            dying.close(); // no revoke: the keep-alive stops, as when a process is killed
            Await.until(() -> watcher.get("t9/").isEmpty(), Duration.ofSeconds(20), "the lease to expire");
        }
    }

    @Test
    void aLiveProcessReRegistersAfterAnOutageLongerThanItsLease() throws Exception {
        try (Discovery watcher = create();
                Discovery live = create()) {
            Discovery.Lease lease = live.grantLease(Duration.ofSeconds(2));
            live.put("t10/instance", "x".getBytes(StandardCharsets.UTF_8), lease);
            java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            watcher.watch("t10/", e -> events.add(e.kind().name()));
            etcd.freeze(5000); // longer than the 2 s TTL: etcd revokes the lease when it wakes up
            Await.until(
                    () -> events.contains("DELETE")
                            && events.getLast().equals("PUT")
                            && watcher.get("t10/").size() == 1,
                    Duration.ofSeconds(30),
                    "the key to be put again under a new lease");
            assertThat(lease.id()).as("the instance keeps its id").isNotZero();
            lease.close();
            Await.until(() -> watcher.get("t10/").isEmpty(), Duration.ofSeconds(10), "revoke after recovery");
        }
    }
}
