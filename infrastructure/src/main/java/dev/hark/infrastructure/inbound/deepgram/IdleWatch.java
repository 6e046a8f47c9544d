package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.application.port.outbound.SchedulerPort;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Deepgram's NET-0001 window: fires once when no client frame arrived for the timeout. One
 * timer is armed at a time and re-armed for the remainder when frames came meanwhile, so a
 * frame costs a field write, not a timer. {@link #touch()} runs on I/O threads, the check on
 * the scheduler's thread.
 */
final class IdleWatch {

    private final SchedulerPort scheduler;
    private final long timeoutNanos;
    private final LongSupplier nanoTicker;
    private final Runnable onIdle;

    private volatile long lastActivity;
    private volatile boolean stopped;
    private SchedulerPort.ScheduledTask timer;

    IdleWatch(SchedulerPort scheduler, Duration timeout, LongSupplier nanoTicker, Runnable onIdle) {
        this.scheduler = scheduler;
        this.timeoutNanos = timeout.toNanos();
        this.nanoTicker = nanoTicker;
        this.onIdle = onIdle;
    }

    synchronized void start() {
        lastActivity = nanoTicker.getAsLong();
        arm(timeoutNanos);
    }

    void touch() {
        lastActivity = nanoTicker.getAsLong();
    }

    synchronized void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void arm(long delayNanos) {
        if (!stopped) {
            timer = scheduler.schedule(Duration.ofNanos(delayNanos), this::check);
        }
    }

    private void check() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            long idle = nanoTicker.getAsLong() - lastActivity;
            if (idle < timeoutNanos) {
                arm(timeoutNanos - idle);
                return;
            }
            stopped = true;
            timer = null;
        }
        onIdle.run();
    }
}
