package dev.sluice.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.Discovery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every {@link Discovery} must do; run against the embedded and the etcd implementation. */
@Timeout(60)
public abstract class DiscoveryContract {
    protected abstract Discovery create() throws Exception;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void putGetAndPrefixes() throws Exception {
        try (Discovery d = create()) {
            Discovery.Lease lease = d.grantLease(Duration.ofSeconds(10));
            d.put("t1/a/x", b("1"), lease);
            d.put("t1/a/y", b("2"), lease);
            d.put("t1/b/z", b("3"), lease);
            assertThat(d.get("t1/a/")).extracting(Discovery.KeyValue::key).containsExactly("t1/a/x", "t1/a/y");
            assertThat(new String(d.get("t1/b/").getFirst().value(), StandardCharsets.UTF_8))
                    .isEqualTo("3");
            d.delete("t1/a/x");
            assertThat(d.get("t1/a/")).extracting(Discovery.KeyValue::key).containsExactly("t1/a/y");
            lease.close();
        }
    }

    @Test
    void aWatchSeesCurrentEntriesThenChangesInOrder() throws Exception {
        try (Discovery d = create()) {
            Discovery.Lease lease = d.grantLease(Duration.ofSeconds(10));
            d.put("t2/i/1", b("a"), lease);
            List<String> seen = new CopyOnWriteArrayList<>();
            Discovery.Watch w = d.watch("t2/i/", e -> seen.add(e.kind() + " " + e.key()));
            d.put("t2/i/2", b("b"), lease);
            d.put("t2/other", b("c"), lease);
            d.delete("t2/i/1");
            Await.until(() -> seen.size() >= 3, WAIT, "three watch events");
            assertThat(seen).containsExactly("PUT t2/i/1", "PUT t2/i/2", "DELETE t2/i/1");
            w.close();
            lease.close();
        }
    }

    @Test
    void revokingALeaseDeletesItsKeysAndWatchersSeeIt() throws Exception {
        try (Discovery d = create()) {
            Discovery.Lease keep = d.grantLease(Duration.ofSeconds(10));
            Discovery.Lease gone = d.grantLease(Duration.ofSeconds(10));
            d.put("t3/keep", b("k"), keep);
            d.put("t3/gone1", b("g"), gone);
            d.put("t3/gone2", b("g"), gone);
            List<String> deleted = new CopyOnWriteArrayList<>();
            d.watch("t3/", e -> {
                if (e.kind() == Discovery.WatchEvent.Kind.DELETE) {
                    deleted.add(e.key());
                }
            });
            gone.close();
            Await.until(() -> deleted.size() == 2, WAIT, "two deletes");
            assertThat(deleted).containsExactlyInAnyOrder("t3/gone1", "t3/gone2");
            assertThat(d.get("t3/")).extracting(Discovery.KeyValue::key).containsExactly("t3/keep");
            assertThat(keep.id()).isNotEqualTo(gone.id());
            keep.close();
        }
    }
}
