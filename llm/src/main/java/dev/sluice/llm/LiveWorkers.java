package dev.sluice.llm;

import dev.sluice.protocol.InstanceRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live decode workers of one model grouped into tiers by {@code this_seqlen}. The model watcher replaces the whole
 * snapshot on every change; routers read an immutable snapshot without locks. Listeners hear of each change on the
 * updating thread, after the new snapshot is visible.
 */
public final class LiveWorkers {
    private final AtomicReference<NavigableMap<Integer, List<InstanceRecord>>> tiers =
            new AtomicReference<>(Collections.emptyNavigableMap());
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** A registered change listener; closing it unregisters it. */
    public interface Listening extends AutoCloseable {
        @Override
        void close();
    }

    /** Replaces the set of decode workers. */
    public void update(Collection<InstanceRecord> decodeWorkers) {
        TreeMap<Integer, List<InstanceRecord>> next = new TreeMap<>();
        for (InstanceRecord r : decodeWorkers) {
            next.computeIfAbsent(r.metadata().thisSeqlen(), k -> new ArrayList<>())
                    .add(r);
        }
        next.replaceAll((k, v) -> {
            v.sort((a, b) -> Long.compare(a.instanceId(), b.instanceId()));
            return List.copyOf(v);
        });
        tiers.set(Collections.unmodifiableNavigableMap(next));
        listeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every {@link #update} until the returned handle is closed. */
    public Listening onChange(Runnable listener) {
        Runnable own = listener::run; // a distinct element, so the same listener may be registered twice
        listeners.add(own);
        return () -> listeners.remove(own);
    }

    /** Change listeners registered now (tests). */
    public int listenerCount() {
        return listeners.size();
    }

    /** Tiers by {@code this_seqlen}, each with at least one worker. */
    public NavigableMap<Integer, List<InstanceRecord>> tiers() {
        return tiers.get();
    }

    public List<InstanceRecord> tier(int thisSeqlen) {
        return tiers.get().getOrDefault(thisSeqlen, List.of());
    }

    public Optional<InstanceRecord> find(long instanceId) {
        return tiers.get().values().stream()
                .flatMap(List::stream)
                .filter(r -> r.instanceId() == instanceId)
                .findFirst();
    }

    /** The deployment's longest sequence as the live workers report it. */
    public OptionalLong maxSeqlen() {
        var max = tiers.get().values().stream()
                .flatMap(List::stream)
                .mapToLong(r -> r.metadata().maxSeqlen())
                .max();
        return max.isPresent() ? OptionalLong.of(max.getAsLong()) : OptionalLong.empty();
    }
}
