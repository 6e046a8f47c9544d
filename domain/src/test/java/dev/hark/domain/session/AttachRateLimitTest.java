package dev.hark.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttachRateLimitTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void allowsABurstThenAsksToWait_H17() {
        AttachRateLimit limit = new AttachRateLimit(3, 2.0, T0);
        assertThat(limit.tryAcquire(T0)).isZero();
        assertThat(limit.tryAcquire(T0)).isZero();
        assertThat(limit.tryAcquire(T0)).isZero();
        assertThat(limit.tryAcquire(T0)).isEqualTo(Duration.ofMillis(500));
        assertThat(limit.tryAcquire(T0.plusMillis(500))).isZero();
        assertThat(limit.isIdle(T0.plusMillis(500))).isFalse();
        assertThat(limit.isIdle(T0.plusSeconds(10))).isTrue();
    }
}
