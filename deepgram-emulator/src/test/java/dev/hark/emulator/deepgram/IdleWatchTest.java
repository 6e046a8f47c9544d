package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleWatchTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicInteger fired = new AtomicInteger();
    private final IdleWatch watch = new IdleWatch(scheduler, Runnable::run, Duration.ofSeconds(10),
            scheduler::nanoTime, fired::incrementAndGet);

    @Test
    void firesOnce_whenNoFrameArrivesWithinTheTimeout() {
        watch.start();

        scheduler.advance(9_999);
        assertThat(fired).hasValue(0);
        scheduler.advance(1);
        assertThat(fired).hasValue(1);
        scheduler.advance(60_000);
        assertThat(fired).hasValue(1);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void countsTheWindowFromTheLastFrame() {
        watch.start();
        scheduler.advance(6_000);
        watch.touch();

        scheduler.advance(9_999);
        assertThat(fired).hasValue(0);
        scheduler.advance(1);
        assertThat(fired).hasValue(1);
    }

    @Test
    void neverFiresOnceStopped() {
        watch.start();
        watch.stop();

        scheduler.advance(60_000);

        assertThat(fired).hasValue(0);
    }
}
