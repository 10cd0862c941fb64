package dev.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RequestContextTest {
    @Test
    void killRunsCancelCallbacksOnce() {
        RequestContext ctx = RequestContext.create("r1");
        AtomicInteger calls = new AtomicInteger();
        ctx.onCancel(calls::incrementAndGet);
        ctx.kill();
        ctx.kill();
        assertThat(calls).hasValue(1);
        assertThat(ctx.isKilled()).isTrue();
        assertThat(ctx.isStopped()).isTrue();
    }

    @Test
    void stopIsGracefulNotKill() {
        RequestContext ctx = RequestContext.create("r1");
        ctx.stopGenerating();
        assertThat(ctx.isStopped()).isTrue();
        assertThat(ctx.isKilled()).isFalse();
    }

    @Test
    void callbackRegisteredAfterCancelRunsAtOnce() {
        RequestContext ctx = RequestContext.create("r1");
        ctx.kill();
        AtomicInteger calls = new AtomicInteger();
        ctx.onCancel(calls::incrementAndGet);
        assertThat(calls).hasValue(1);
    }

    @Test
    void deadlineExpiry() {
        RequestContext ctx = RequestContext.create("r1", Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(ctx.isExpired(Instant.parse("2025-12-31T23:59:59Z"))).isFalse();
        assertThat(ctx.isExpired(Instant.parse("2026-01-01T00:00:01Z"))).isTrue();
        assertThat(RequestContext.create("r2").isExpired(Instant.MAX)).isFalse();
    }

    @Test
    void attachmentsAreCreatedOncePerType() {
        RequestContext ctx = RequestContext.create("r1");
        StringBuilder a = ctx.attachment(StringBuilder.class, StringBuilder::new);
        StringBuilder b = ctx.attachment(StringBuilder.class, StringBuilder::new);
        assertThat(a).isSameAs(b);
        assertThat(ctx.attachment(Integer.class)).isEmpty();
    }

    @Test
    void operatorsComposeAroundAnEngine() {
        Engine<Integer, Integer> doubler = (req, ctx) -> ResponseStream.of(java.util.List.of(req * 2));
        Operator<String, String, Integer, Integer> parse =
                (req, ctx, next) -> next.generate(Integer.parseInt(req), ctx).map(i -> "=" + i);
        assertThat(parse.link(doubler)
                        .generate("21", RequestContext.create("r"))
                        .toList())
                .containsExactly("=42");
    }
}
