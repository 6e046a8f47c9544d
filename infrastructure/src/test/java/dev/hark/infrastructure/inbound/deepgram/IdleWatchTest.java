package dev.hark.infrastructure.inbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.testing.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleWatchTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicInteger fired = new AtomicInteger();
    private final IdleWatch watch = new IdleWatch(scheduler, TIMEOUT, () -> scheduler.elapsed().toNanos(),
            fired::incrementAndGet);

    @Test
    void firesOnce_whenNoFrameArrivesWithinTheTimeout() {
        watch.start();

        scheduler.advance(TIMEOUT.minusMillis(1));
        assertThat(fired).hasValue(0);
        scheduler.advance(Duration.ofMillis(1));
        scheduler.advance(TIMEOUT.multipliedBy(3));

        assertThat(fired).hasValue(1);
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void framesKeepTheConnectionOpen_andTheWindowCountsFromTheLastOne() {
        watch.start();
        for (int i = 0; i < 10; i++) {
            scheduler.advance(Duration.ofSeconds(9));
            watch.touch();
        }
        assertThat(fired).hasValue(0);

        scheduler.advance(Duration.ofSeconds(9));
        assertThat(fired).hasValue(0);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(fired).hasValue(1);
    }

    @Test
    void neverFiresOnceStopped() {
        watch.start();
        scheduler.advance(Duration.ofSeconds(5));

        watch.stop();
        scheduler.advance(TIMEOUT.multipliedBy(5));

        assertThat(fired).hasValue(0);
        assertThat(scheduler.pendingTasks()).isZero();
    }
}
