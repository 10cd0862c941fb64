package dev.sluice.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The life of one request as it travels down the pipeline: its id, its deadline, and two ways to end it early.
 * {@link #stopGenerating()} asks the engine to finish gracefully (flush what it has, then end the stream);
 * {@link #kill()} drops the request now. Both run the registered cancel callbacks once, which is how a worker learns
 * to free the sequence. Operators share per-request state through typed attachments (placement, migrations, timing).
 *
 * <p>Thread-safe: the consumer thread, the engine's thread and the HTTP layer may all touch it.
 */
public final class RequestContext {
    private static final Logger LOG = Logger.getLogger(RequestContext.class.getName());

    private final String id;
    private final Optional<Instant> deadline;
    private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private final List<Runnable> onCancel = new ArrayList<>();
    private volatile boolean stopped;
    private volatile boolean killed;

    private RequestContext(String id, Optional<Instant> deadline) {
        this.id = Objects.requireNonNull(id, "id");
        this.deadline = deadline;
    }

    public static RequestContext create(String id) {
        return new RequestContext(id, Optional.empty());
    }

    public static RequestContext create(String id, Instant deadline) {
        return new RequestContext(id, Optional.of(deadline));
    }

    public String id() {
        return id;
    }

    public Optional<Instant> deadline() {
        return deadline;
    }

    public boolean isExpired(Instant now) {
        return deadline.map(now::isAfter).orElse(false);
    }

    /** Asks the engine to finish gracefully. */
    public void stopGenerating() {
        stopped = true;
        fireCancel();
    }

    /** Drops the request now. */
    public void kill() {
        stopped = true;
        killed = true;
        fireCancel();
    }

    public boolean isStopped() {
        return stopped;
    }

    public boolean isKilled() {
        return killed;
    }

    /** Runs {@code callback} when the request is stopped or killed; at once if it already was. */
    public void onCancel(Runnable callback) {
        synchronized (onCancel) {
            if (!stopped) {
                onCancel.add(callback);
                return;
            }
        }
        runQuietly(callback);
    }

    /** The attachment of this type, created by {@code factory} on first use. */
    public <T> T attachment(Class<T> type, Supplier<? extends T> factory) {
        return type.cast(attachments.computeIfAbsent(type, k -> factory.get()));
    }

    public <T> Optional<T> attachment(Class<T> type) {
        return Optional.ofNullable(type.cast(attachments.get(type)));
    }

    private void fireCancel() {
        List<Runnable> callbacks;
        synchronized (onCancel) {
            callbacks = List.copyOf(onCancel);
            onCancel.clear();
        }
        callbacks.forEach(RequestContext::runQuietly);
    }

    private static void runQuietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cancel callback failed", e);
        }
    }

    @Override
    public String toString() {
        return "RequestContext[" + id + (killed ? ", killed" : stopped ? ", stopped" : "") + "]";
    }
}
