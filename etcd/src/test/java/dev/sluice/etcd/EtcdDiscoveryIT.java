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
}
