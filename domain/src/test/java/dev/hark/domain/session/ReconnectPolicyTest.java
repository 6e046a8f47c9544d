package dev.hark.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private static final long SECOND = 1_000_000_000L;

    private final ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), 3,
            Duration.ofSeconds(10), 42);

    private static long delayMillis(ReconnectPolicy.Decision decision) {
        return ((ReconnectPolicy.Decision.Retry) decision).delay().toMillis();
    }

    @Test
    void backoffDoublesPerQuickFailure_withinTwentyPercentJitter_thenGivesUp_H23() {
        long first = delayMillis(policy.next(ReconnectPolicy.NEVER_OPENED, 0));
        long second = delayMillis(policy.next(0, SECOND));
        long third = delayMillis(policy.next(2 * SECOND, 3 * SECOND));

        assertThat(first).isBetween(160L, 240L);
        assertThat(second).isBetween(320L, 480L);
        assertThat(third).isBetween(640L, 960L);
        assertThat(policy.next(ReconnectPolicy.NEVER_OPENED, 4 * SECOND))
                .isEqualTo(new ReconnectPolicy.Decision.GiveUp(4));
    }

    @Test
    void aStreamThatLivedHealthyAfter_startsTheCountAfresh() {
        policy.next(ReconnectPolicy.NEVER_OPENED, 0);
        policy.next(ReconnectPolicy.NEVER_OPENED, 0);

        ReconnectPolicy.Decision afterHealthy = policy.next(0, 10 * SECOND);

        assertThat(afterHealthy).isInstanceOfSatisfying(ReconnectPolicy.Decision.Retry.class,
                retry -> assertThat(retry.attempt()).isEqualTo(1));
    }

    @Test
    void theSameSessionWaitsTheSame_andTheDelayIsCapped() {
        ReconnectPolicy twin = new ReconnectPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), 30,
                Duration.ofSeconds(10), 42);
        ReconnectPolicy other = new ReconnectPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), 30,
                Duration.ofSeconds(10), 42);
        for (int i = 0; i < 10; i++) {
            long mine = delayMillis(twin.next(ReconnectPolicy.NEVER_OPENED, 0));
            assertThat(delayMillis(other.next(ReconnectPolicy.NEVER_OPENED, 0))).isEqualTo(mine);
            assertThat(mine).isLessThanOrEqualTo(6_000L);
        }
    }
}
