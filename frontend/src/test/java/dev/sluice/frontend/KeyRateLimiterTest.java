package dev.sluice.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KeyRateLimiterTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void aKeyGetsItsRequestsPerMinuteThenWaitsForTheBucketToRefill() {
        KeyRateLimiter limiter = new KeyRateLimiter(List.of(KeyRateLimit.parse("3rpm")), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit("a")).isEmpty();
        }
        assertThat(limiter.admit("a")).contains(Duration.ofSeconds(20));
        assertThat(limiter.admit("b")).as("another key has its own budget").isEmpty();
        clock.advance(Duration.ofSeconds(19));
        assertThat(limiter.admit("a")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.admit("a")).isEmpty();
        assertThat(limiter.admit("a")).isPresent();
    }

    @Test
    void tokensAreChargedAfterTheResponseAndHoldTheKeyUntilRepaid() {
        KeyRateLimiter limiter = new KeyRateLimiter(List.of(KeyRateLimit.parse("600tpm")), clock);
        assertThat(limiter.admit("a")).isEmpty();
        limiter.charge("a", 1200); // 600 over: a minute to refill to zero, 0.1 s more for one token
        assertThat(limiter.admit("a")).contains(Duration.ofMillis(60_100));
        clock.advance(Duration.ofMillis(60_100));
        assertThat(limiter.admit("a")).isEmpty();
    }

    @Test
    void idleTimeNeverBanksMoreThanOneMinutesAllowance() {
        KeyRateLimiter limiter = new KeyRateLimiter(List.of(KeyRateLimit.parse("2rpm")), clock);
        clock.advance(Duration.ofHours(1));
        assertThat(limiter.admit("a")).isEmpty();
        assertThat(limiter.admit("a")).isEmpty();
        assertThat(limiter.admit("a")).isPresent();
    }

    @Test
    void limitsParseFromTheirCommandLineForm() {
        assertThat(KeyRateLimit.parse("600RPM")).isEqualTo(new KeyRateLimit(600, KeyRateLimit.Unit.REQUESTS));
        assertThat(KeyRateLimit.parse("5000tpm")).isEqualTo(new KeyRateLimit(5000, KeyRateLimit.Unit.TOKENS));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyRateLimit.parse("60/min"))
                .hasMessageContaining("--key-rate-limit 60/min");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyRateLimit.parse("0rpm"))
                .hasMessageContaining("must be positive");
    }
}
