package dev.hark.infrastructure.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Sends frame {@code i} at {@code start + i * frameDuration}, where start is the moment of the
 * first frame. Deadlines are computed from the start, not from the previous send, so slow sends
 * don't accumulate drift. Time and sleeping are injected so the schedule is tested without
 * sleeping.
 */
public final class RealTimePacer implements FramePacer {

    /** Waits for a duration; {@code Thread::sleep} in production. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final long frameNanos;
    private final LongSupplier nanoTicker;
    private final Sleeper sleeper;
    private long startNanos;
    private boolean started;

    public RealTimePacer(Duration frameDuration, LongSupplier nanoTicker, Sleeper sleeper) {
        if (frameDuration.isNegative() || frameDuration.isZero()) {
            throw new IllegalArgumentException("frame duration must be positive: " + frameDuration);
        }
        this.frameNanos = frameDuration.toNanos();
        this.nanoTicker = nanoTicker;
        this.sleeper = sleeper;
    }

    /** Paced by the wall clock. */
    public static RealTimePacer systemClock(Duration frameDuration) {
        return new RealTimePacer(frameDuration, System::nanoTime, Thread::sleep);
    }

    @Override
    public void awaitTurn(int index) throws InterruptedException {
        if (!started) {
            startNanos = nanoTicker.getAsLong();
            started = true;
        }
        long wait = startNanos + index * frameNanos - nanoTicker.getAsLong();
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }
}
