package dev.sluice.openaihttp.kvevents;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happened to an engine's KV event stream, counted for the worker's {@code /metrics} and logged: the first
 * occurrence of each kind of trouble as a warning (a refused block size as an error), repeats only at fine level, so a
 * misbehaving engine cannot flood the log.
 */
public final class KvEventCounters {
    private static final Logger LOG = Logger.getLogger(KvEventCounters.class.getName());

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong lostBatches = new AtomicLong();
    private final AtomicLong invalidMessages = new AtomicLong();
    private final AtomicLong refusedBlocks = new AtomicLong();
    private final AtomicLong skippedBlocks = new AtomicLong();
    private final AtomicLong orphanBlocks = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    void batch() {
        batches.incrementAndGet();
    }

    void published(int events) {
        published.addAndGet(events);
    }

    void lost(long n, String why) {
        lostBatches.addAndGet(n);
        warnOnce("lost", why + "; the router's view of this worker may miss blocks until they are stored again");
    }

    void invalidMessage(String why) {
        invalidMessages.incrementAndGet();
        warnOnce("invalid", "skipped a KV event message: " + why);
    }

    void invalidEvent(String why) {
        invalidMessage(why);
    }

    void unknownEvent(String type) {
        warnOnce("unknown:" + type, "skipped KV events of unknown type '" + type + "'");
    }

    void refusedBlockSize(int engineBlockSize, int workerBlockSize, int blocks) {
        refusedBlocks.addAndGet(blocks);
        if (warned.add("block-size:" + engineBlockSize)) {
            LOG.severe("the engine stores blocks of " + engineBlockSize + " tokens but this worker's --block-size is "
                    + workerBlockSize + ": its KV events are refused and KV-aware routing is blind to it; give the"
                    + " worker --block-size " + engineBlockSize);
        }
    }

    void skippedBlocks(int n) {
        skippedBlocks.addAndGet(n);
    }

    void orphanBlocks(int n) {
        orphanBlocks.addAndGet(n);
    }

    void replay() {
        replays.incrementAndGet();
    }

    void restart(String endpoint) {
        restarts.incrementAndGet();
        LOG.warning("the engine publishing on " + endpoint + " restarted (its sequence numbers went back);"
                + " its blocks are forgotten and the index is rebuilt from its new events");
    }

    void warnOnce(String kind, String message) {
        LOG.log(warned.add(kind) ? Level.WARNING : Level.FINE, message);
    }

    /** Batches received and applied (live or replayed). */
    public long batches() {
        return batches.get();
    }

    /** Batches known missed: sequence gaps that no replay filled. */
    public long lostBatches() {
        return lostBatches.get();
    }

    /** Messages or events skipped because they could not be read. */
    public long invalidMessages() {
        return invalidMessages.get();
    }

    /** Blocks refused because their block size is not the worker's. */
    public long refusedBlocks() {
        return refusedBlocks.get();
    }

    /** Blocks not tracked: offloaded copies, LoRA blocks, other KV cache groups. */
    public long skippedBlocks() {
        return skippedBlocks.get();
    }

    /** Blocks dropped because their parent was unknown. */
    public long orphanBlocks() {
        return orphanBlocks.get();
    }

    /** Replays requested after a gap. */
    public long replays() {
        return replays.get();
    }

    /** Engine restarts seen (sequence numbers going back). */
    public long restarts() {
        return restarts.get();
    }

    /** Sluice KV events published. */
    public long publishedEvents() {
        return published.get();
    }

    /** The counters in Prometheus text format. */
    public String prometheus() {
        StringBuilder out = new StringBuilder();
        counter(out, "batches", "KV event batches received from the engine", batches());
        counter(out, "batches_lost", "KV event batches missed (sequence gaps no replay filled)", lostBatches());
        counter(out, "messages_invalid", "KV event messages or events skipped as unreadable", invalidMessages());
        counter(out, "blocks_refused", "blocks refused for a block size other than the worker's", refusedBlocks());
        counter(out, "blocks_skipped", "offloaded, LoRA or other-group blocks not tracked", skippedBlocks());
        counter(out, "blocks_orphaned", "blocks dropped because their parent was unknown", orphanBlocks());
        counter(out, "replays", "replays requested from the engine after a gap", replays());
        counter(out, "restarts", "engine restarts seen in the sequence numbers", restarts());
        counter(out, "published", "Sluice KV events published for this worker", publishedEvents());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        String full = "sluice_engine_kv_" + name + "_total";
        out.append("# HELP ").append(full).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(full).append(" counter\n");
        out.append(full).append(' ').append(value).append('\n');
    }
}
