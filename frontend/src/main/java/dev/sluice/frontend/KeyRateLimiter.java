package dev.sluice.frontend;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key budgets: every key id has one bucket per {@link KeyRateLimit}, holding at most a minute's allowance and
 * refilled continuously. A request is admitted while each of its key's buckets holds at least one unit; admission
 * takes one from a requests bucket, and the tokens a response used are charged to a tokens bucket afterwards, which
 * may take it below zero and so hold the key's next requests until it refills.
 *
 * <p>Concurrency: a key's buckets change together under the monitor of that key's bucket array. Only keys that
 * matched a known key reach this class, so the map is bounded by the keys ever configured.
 */
final class KeyRateLimiter {
    private static final long MILLIS_PER_MINUTE = 60_000;

    private final List<KeyRateLimit> limits;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket[]> buckets = new ConcurrentHashMap<>();

    KeyRateLimiter(List<KeyRateLimit> limits, Clock clock) {
        this.limits = List.copyOf(limits);
        this.clock = clock;
    }

    /** A bucket's level in unit-milliseconds (a unit is {@value #MILLIS_PER_MINUTE}), so refills are exact. */
    private static final class Bucket {
        final KeyRateLimit limit;
        long level;
        long lastMillis;

        Bucket(KeyRateLimit limit, long nowMillis) {
            this.limit = limit;
            this.level = capacity();
            this.lastMillis = nowMillis;
        }

        long capacity() {
            return limit.perMinute() * MILLIS_PER_MINUTE;
        }

        void refill(long nowMillis) {
            long elapsed = Math.max(0, nowMillis - lastMillis);
            long room = capacity() - level; // elapsed * perMinute beyond it would only overflow
            level += elapsed > room / limit.perMinute() ? room : elapsed * limit.perMinute();
            lastMillis = nowMillis;
        }

        void take(long units) {
            level -= units * MILLIS_PER_MINUTE;
        }

        long millisUntilOne() {
            long missing = MILLIS_PER_MINUTE - level;
            return missing <= 0 ? 0 : (missing + limit.perMinute() - 1) / limit.perMinute();
        }
    }

    boolean active() {
        return !limits.isEmpty();
    }

    /** Admits a request of {@code keyId} now (empty), or says how long until it would be. */
    Optional<Duration> admit(String keyId) {
        Bucket[] mine = buckets.computeIfAbsent(keyId, k -> fresh());
        synchronized (mine) {
            long now = clock.millis();
            long wait = 0;
            for (Bucket b : mine) {
                b.refill(now);
                wait = Math.max(wait, b.millisUntilOne());
            }
            if (wait > 0) {
                return Optional.of(Duration.ofMillis(wait));
            }
            for (Bucket b : mine) {
                if (b.limit.unit() == KeyRateLimit.Unit.REQUESTS) {
                    b.take(1);
                }
            }
            return Optional.empty();
        }
    }

    /** Charges {@code tokens} used by a response of {@code keyId} to its tokens budget. */
    void charge(String keyId, long tokens) {
        Bucket[] mine = buckets.computeIfAbsent(keyId, k -> fresh());
        synchronized (mine) {
            long now = clock.millis();
            for (Bucket b : mine) {
                if (b.limit.unit() == KeyRateLimit.Unit.TOKENS) {
                    b.refill(now);
                    b.take(tokens);
                }
            }
        }
    }

    private Bucket[] fresh() {
        long now = clock.millis();
        return limits.stream().map(l -> new Bucket(l, now)).toArray(Bucket[]::new);
    }
}
