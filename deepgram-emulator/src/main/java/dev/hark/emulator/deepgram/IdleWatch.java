package dev.hark.emulator.deepgram;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Deepgram's NET-0001 window: fires once when no client frame arrived for the timeout. One
 * timer is armed at a time and re-armed for the remainder when frames came meanwhile, so a
 * frame costs a field write, not a timer. Lane-confined except the timer's hop onto the lane.
 */
final class IdleWatch {

    private final Scheduler scheduler;
    private final Executor lane;
    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final Runnable onIdle;

    private long lastActivity;
    private boolean stopped;
    private Scheduler.Task timer;

    IdleWatch(Scheduler scheduler, Executor lane, Duration timeout, LongSupplier nanoClock, Runnable onIdle) {
        this.scheduler = scheduler;
        this.lane = lane;
        this.timeoutNanos = timeout.toNanos();
        this.nanoClock = nanoClock;
        this.onIdle = onIdle;
    }

    void start() {
        lastActivity = nanoClock.getAsLong();
        arm(timeoutNanos);
    }

    void touch() {
        lastActivity = nanoClock.getAsLong();
    }

    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void arm(long delayNanos) {
        timer = scheduler.schedule(() -> lane.execute(this::check), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (stopped) {
            return;
        }
        long idle = nanoClock.getAsLong() - lastActivity;
        if (idle >= timeoutNanos) {
            stopped = true;
            onIdle.run();
        } else {
            arm(timeoutNanos - idle);
        }
    }
}
