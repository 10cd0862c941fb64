package dev.sluice.runtime.embedded;

import dev.sluice.runtime.EventBus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An event bus in one JVM: {@code publish} delivers to each matching subscription on the publishing thread, one
 * delivery per subscription at a time (each subscription has its own lock). A failing handler is logged, not thrown
 * back at the publisher.
 */
final class InProcessEventBus implements EventBus {
    private static final Logger LOG = Logger.getLogger(InProcessEventBus.class.getName());
    private final List<Sub> subs = new CopyOnWriteArrayList<>();

    private record Sub(String subject, Consumer<byte[]> handler) {
        boolean matches(String s) {
            return subject.endsWith(".>")
                    ? s.startsWith(subject.substring(0, subject.length() - 1))
                    : subject.equals(s);
        }
    }

    @Override
    public void publish(String subject, byte[] payload) {
        for (Sub sub : subs) {
            if (sub.matches(subject)) {
                synchronized (sub) {
                    try {
                        sub.handler().accept(payload.clone());
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "event handler for " + subject + " failed", e);
                    }
                }
            }
        }
    }

    @Override
    public Subscription subscribe(String subject, Consumer<byte[]> handler) {
        Sub sub = new Sub(subject, handler);
        subs.add(sub);
        return () -> subs.remove(sub);
    }

    @Override
    public void close() {
        subs.clear();
    }
}
