package dev.hark.infrastructure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResumePolicyTest {

    private final ResumePolicy policy = ResumePolicy.withSleeper(duration -> { });

    @Test
    void doublesFrom200MillisCappedAtTwoSeconds_whenServerGivesNoHint() {
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(attempt -> policy.delayBefore(attempt, Duration.ZERO)))
                .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                        Duration.ofMillis(1_600), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void waitsRetryAfter_whenServerAsksForLonger() {
        assertThat(policy.delayBefore(1, Duration.ofMillis(1_500))).isEqualTo(Duration.ofMillis(1_500));
        assertThat(policy.delayBefore(5, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void keepsBackoff_whenRetryAfterIsShorter() {
        assertThat(policy.delayBefore(3, Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void doesNotOverflow_whenAttemptIsHuge() {
        assertThat(policy.delayBefore(Integer.MAX_VALUE, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void allowsFiveAttempts_byDefault() {
        assertThat(ResumePolicy.defaults().maxAttempts()).isEqualTo(5);
        assertThat(ResumePolicy.never().maxAttempts()).isZero();
    }

    @Test
    void rejects_whenMaxDelayIsBelowFirstDelay() {
        assertThatThrownBy(() -> new ResumePolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), duration -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
