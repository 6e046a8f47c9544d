package dev.hark.application.port.outbound;

import java.time.Duration;

/**
 * Runs a task later. Injected so timers (grace expiry, connect timeouts, keepalives) can be
 * driven by a manual scheduler in tests: time moves only when the test says so.
 */
public interface SchedulerPort {

    /** Runs {@code task} once after {@code delay}, on a scheduler thread; never on the caller's. */
    ScheduledTask schedule(Duration delay, Runnable task);

    /** Tasks scheduled and neither run nor cancelled yet; lets tests and metrics prove nothing leaks. */
    int pendingTasks();

    /** A handle to cancel a scheduled task. */
    interface ScheduledTask {

        /** Prevents the task from running if it has not started. Idempotent. */
        void cancel();
    }
}
