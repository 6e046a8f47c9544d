package dev.hark.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttachRateLimitTest {

    private static final long T0 = 5_000_000_000L; // an arbitrary ticker reading
    private static final long MILLI = 1_000_000L;

    @Test
    void allowsABurstThenAsksToWait_H17() {
        AttachRateLimit limit = new AttachRateLimit(3, 2.0, T0);
        assertThat(limit.tryAcquire(T0)).isZero();
        assertThat(limit.tryAcquire(T0)).isZero();
        assertThat(limit.tryAcquire(T0)).isZero();
        assertThat(limit.tryAcquire(T0)).isEqualTo(Duration.ofMillis(500));
        assertThat(limit.tryAcquire(T0 + 500 * MILLI)).isZero();
        assertThat(limit.isIdle(T0 + 500 * MILLI)).isFalse();
        assertThat(limit.isIdle(T0 + 10_000 * MILLI)).isTrue();
    }
}
