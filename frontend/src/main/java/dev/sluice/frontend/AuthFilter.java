package dev.sluice.frontend;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a request to {@code /v1/...} (and to {@code /metrics} when it needs a key) through only with
 * {@code Authorization: Bearer KEY} for a known key, within that key's rate limit. Anything else, however malformed,
 * gets a 401 with an OpenAI-style {@code invalid_api_key} body that never repeats what was sent; a key over its limit
 * gets a 429 with {@code Retry-After}. {@code /health} and {@code /live} are always open.
 */
final class AuthFilter implements Filter {
    private static final String SCHEME = "bearer ";

    /** Tokens a response used, told by the handler so that the key's token budget can be charged. */
    static final class KeyUsage {
        private final AtomicLong tokens = new AtomicLong();

        void add(long count) {
            tokens.addAndGet(count);
        }
    }

    private final KeyRing keys;
    private final KeyRateLimiter limiter;
    private final boolean metricsRequireKey;
    private final FrontendMetrics metrics;
    private final ObjectMapper json;

    AuthFilter(
            KeyRing keys,
            KeyRateLimiter limiter,
            boolean metricsRequireKey,
            FrontendMetrics metrics,
            ObjectMapper json) {
        this.keys = keys;
        this.limiter = limiter;
        this.metricsRequireKey = metricsRequireKey;
        this.metrics = metrics;
        this.json = json;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!protects(req.path().path())) {
            chain.proceed();
            return;
        }
        List<String> given = req.headers().all(HeaderNames.AUTHORIZATION, List::of);
        Optional<String> keyId = given.size() == 1 ? bearer(given.getFirst()).flatMap(keys::match) : Optional.empty();
        if (keyId.isEmpty()) {
            String reason = given.isEmpty() ? "missing" : given.size() > 1 ? "malformed" : reason(given.getFirst());
            metrics.authFailed(reason);
            refuse(res, unauthorized(reason), Optional.empty());
            return;
        }
        String id = keyId.get();
        if (limiter.active()) {
            Optional<Duration> wait = limiter.admit(id);
            if (wait.isPresent()) {
                metrics.keyRequest(id, ErrorCode.RATE_LIMITED.httpStatus());
                refuse(res, limited(wait.get()), wait);
                return;
            }
        }
        KeyUsage usage = new KeyUsage();
        req.context().register(usage);
        try {
            chain.proceed();
        } finally {
            limiter.charge(id, usage.tokens.get());
            metrics.keyRequest(id, res.status().code());
        }
    }

    private boolean protects(String path) {
        return path.equals("/v1") || path.startsWith("/v1/") || (metricsRequireKey && path.equals("/metrics"));
    }

    /** The key of a {@code Bearer KEY} header value (the scheme in any case), if it is of that form. */
    static Optional<String> bearer(String header) {
        if (header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(SCHEME)) {
            return Optional.empty();
        }
        String key = header.substring(SCHEME.length()).strip();
        return KeyRing.wellFormed(key) ? Optional.of(key) : Optional.empty();
    }

    private static String reason(String header) {
        return bearer(header).isPresent() ? "invalid" : "malformed";
    }

    private static SluiceException unauthorized(String reason) {
        String message =
                switch (reason) {
                    case "missing" -> "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.";
                    case "malformed" -> "The Authorization header is not of the form 'Bearer YOUR_KEY'.";
                    default -> "Incorrect API key provided.";
                };
        return new SluiceException(ErrorCode.INVALID_API_KEY, message);
    }

    private static SluiceException limited(Duration wait) {
        return new SluiceException(
                ErrorCode.RATE_LIMITED,
                "This API key is over its rate limit; retry in " + retryAfterSeconds(wait) + " s.");
    }

    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private void refuse(RoutingResponse res, SluiceException e, Optional<Duration> retryAfter) {
        try {
            res.status(e.code().httpStatus());
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            if (e.code() == ErrorCode.INVALID_API_KEY) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            retryAfter.ifPresent(w -> res.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds(w))));
            res.send(json.writeValueAsBytes(ErrorBodies.body(json, e)));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
