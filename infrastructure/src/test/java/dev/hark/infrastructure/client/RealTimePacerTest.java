package dev.hark.infrastructure.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealTimePacerTest {

    private long now = 1_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();
    private final RealTimePacer pacer = new RealTimePacer(Duration.ofMillis(20), () -> now, duration -> {
        sleeps.add(duration);
        now += duration.toNanos();
    });

    @Test
    void sendsFirstFrameImmediately_whenStarting() throws InterruptedException {
        pacer.awaitTurn(0);

        assertThat(sleeps).isEmpty();
    }

    @Test
    void waitsOneFrameDuration_betweenInstantSends() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            pacer.awaitTurn(i);
        }

        assertThat(sleeps).containsExactly(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20));
        assertThat(now).isEqualTo(1_000_000L + Duration.ofMillis(60).toNanos());
    }

    @Test
    void subtractsSendTime_whenSendsTakeTime() throws InterruptedException {
        pacer.awaitTurn(0);
        now += Duration.ofMillis(15).toNanos();
        pacer.awaitTurn(1);

        assertThat(sleeps).containsExactly(Duration.ofMillis(5));
    }

    @Test
    void catchesUpWithoutSleeping_whenBehindSchedule() throws InterruptedException {
        pacer.awaitTurn(0);
        now += Duration.ofMillis(70).toNanos();
        pacer.awaitTurn(1);
        pacer.awaitTurn(2);
        pacer.awaitTurn(3);
        pacer.awaitTurn(4);

        assertThat(sleeps).containsExactly(Duration.ofMillis(10));
    }
}
