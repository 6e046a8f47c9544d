package dev.hark.application.testing;

import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.TickerPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A scheduler, monotonic ticker and wall clock in one, driven by the test: {@link #advance(Duration)}
 * moves time and runs every task that falls due, in due order, on the calling thread. Nothing
 * runs otherwise. {@link #stepWallClock(Duration)} moves only the wall clock ({@link #instant()}),
 * as NTP or a resumed VM would, so tests can prove durations are not measured on it.
 * Thread-safe, so production code may schedule from any thread.
 */
public final class ManualScheduler extends Clock implements SchedulerPort, TickerPort {

    private final class Task implements ScheduledTask {
        private final long dueNanos;
        private final long order;
        private final Runnable body;
        private boolean cancelled;

        private Task(long dueNanos, long order, Runnable body) {
            this.dueNanos = dueNanos;
            this.order = order;
            this.body = body;
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                cancelled = true;
                if (!cancellationsIgnored) {
                    tasks.remove(this);
                }
            }
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private final Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
    private long nowNanos;
    private long wallStepNanos;
    private long sequence;
    private boolean cancellationsIgnored;

    /**
     * From now on cancelled tasks still run when due, as a timer that raced its cancellation
     * would: proves the code guards timer callbacks instead of trusting cancel (H3).
     */
    public synchronized ManualScheduler ignoringCancellations() {
        cancellationsIgnored = true;
        return this;
    }

    @Override
    public synchronized ScheduledTask schedule(Duration delay, Runnable body) {
        Task task = new Task(nowNanos + Math.max(0, delay.toNanos()), sequence++, body);
        tasks.add(task);
        return task;
    }

    @Override
    public synchronized int pendingTasks() {
        return (int) tasks.stream().filter(task -> !task.cancelled).count();
    }

    /** Moves time forward, running each task when its due time is reached. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nowNanos + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                Optional<Task> due = tasks.stream().filter(t -> t.dueNanos <= target)
                        .min(Comparator.<Task>comparingLong(t -> t.dueNanos).thenComparingLong(t -> t.order));
                if (due.isEmpty()) {
                    nowNanos = target;
                    return;
                }
                next = due.get();
                tasks.remove(next);
                nowNanos = Math.max(nowNanos, next.dueNanos);
            }
            next.body.run();
        }
    }

    /** Runs tasks due now without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    public synchronized Duration elapsed() {
        return Duration.ofNanos(nowNanos);
    }

    /** The monotonic reading: time advanced so far, untouched by wall-clock steps. */
    @Override
    public synchronized long nanoTime() {
        return nowNanos;
    }

    /** Steps the wall clock by {@code step} (negative: backwards) without moving monotonic time or running tasks. */
    public synchronized void stepWallClock(Duration step) {
        wallStepNanos += step.toNanos();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the manual clock is UTC only");
    }

    @Override
    public synchronized Instant instant() {
        return epoch.plusNanos(nowNanos + wallStepNanos);
    }
}
