package dev.sluice.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What happened to one request on its way down, kept as a {@link dev.sluice.runtime.RequestContext} attachment: every
 * placement (tier and worker per part of the sequence), every migration, and the prefill worker's part. The preprocessor reports the
 * parts a client asked for in its {@code sluice} annotations. Guarded by its own monitor.
 */
public final class RequestTrace {
    private final List<Placement> placements = new ArrayList<>();
    private final List<Migration> migrations = new ArrayList<>();
    private long prefillWorker = -1;
    private int prefills;
    private double prefillMillis = -1;

    /** A worker chosen to run the sequence from {@code atToken} generated tokens on. */
    public record Placement(int tier, long workerId, int atToken, int overlapBlocks) {}

    /** A move of the sequence from one worker to another. */
    public record Migration(int fromTier, int toTier, long fromWorker, long toWorker, String reason, int atToken) {
        Map<String, Object> toMap() {
            return Map.of(
                    "from_tier", fromTier,
                    "to_tier", toTier,
                    "from_worker", fromWorker,
                    "to_worker", toWorker,
                    "reason", reason,
                    "at_token", atToken);
        }
    }

    public synchronized void placed(Placement placement) {
        placements.add(placement);
    }

    public synchronized void migrated(Migration migration) {
        migrations.add(migration);
    }

    public synchronized List<Placement> placements() {
        return List.copyOf(placements);
    }

    public synchronized List<Migration> migrations() {
        return List.copyOf(migrations);
    }

    /** The prompt was prefilled on a prefill worker in {@code millis}. */
    public synchronized void prefilled(long workerId, double millis) {
        prefillWorker = workerId;
        prefillMillis = millis;
        prefills++;
    }

    public synchronized long prefillWorker() {
        return prefillWorker;
    }

    /** How many times the sequence went through a prefill worker (a tier migration re-prefills). */
    public synchronized int prefills() {
        return prefills;
    }

    public synchronized double prefillMillis() {
        return prefillMillis;
    }
}
