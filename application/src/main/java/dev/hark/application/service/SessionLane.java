package dev.hark.application.service;

import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import dev.hark.application.port.outbound.SessionMetricsPort;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A session's lane: a {@link SerialLane} that knows which thread runs its task, so the session
 * core asserts its confinement rule ({@code assert lane.isCurrent()}; tests run with assertions
 * on) instead of only stating it, and the one way work from elsewhere (a timer, a completed
 * future) gets onto the lane ({@link #handOver}, {@link #schedule}).
 *
 * <p>{@code runner} is a plain field: only the lane's own thread writes it, between tasks that
 * the serial lane already orders, and a thread off the lane reading it sees {@code null} or some
 * other thread, never itself, so the check cannot pass by accident.
 */
final class SessionLane implements Executor {

    private static final Logger LOG = System.getLogger(SessionLane.class.getName());
    /**
     * Whether assertions are on (tests): only then is each task wrapped to record its thread, so
     * production pays nothing for the check (no wrapper per task on the per-frame path).
     */
    private static final boolean CHECKED = SessionLane.class.desiredAssertionStatus();

    private final SerialLane serial;
    private final SchedulerPort scheduler;
    private final SessionMetricsPort metrics;
    private final String name;
    private final Consumer<Throwable> onTaskFailure;
    private Thread runner;

    /** @param onTaskFailure handles a task's failure, on the lane (so it may touch lane-confined state) */
    SessionLane(Executor executor, SchedulerPort scheduler, SessionMetricsPort metrics, String name,
                Consumer<Throwable> onTaskFailure) {
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.name = name;
        this.onTaskFailure = onTaskFailure;
        this.serial = CHECKED
                ? new SerialLane(executor, handlerFailure -> LOG.log(Level.ERROR,
                        name + ": the lane's failure handler failed", handlerFailure))
                : new SerialLane(executor, onTaskFailure);
    }

    @Override
    public void execute(Runnable task) {
        serial.execute(CHECKED ? () -> runChecked(task) : task);
    }

    private void runChecked(Runnable task) {
        Thread previous = runner;
        runner = Thread.currentThread();
        try {
            task.run();
        } catch (Throwable failure) {
            onTaskFailure.accept(failure); // still on the lane; if this throws too, the serial lane logs it
        } finally {
            runner = previous;
        }
    }

    /** Whether the calling thread is running one of this lane's tasks; meant for {@code assert}s only. */
    boolean isCurrent() {
        return runner == Thread.currentThread();
    }

    /**
     * Hands {@code task} to the lane from a timer or a completion callback. If the hand-off itself
     * fails (the lane's executor refused it, e.g. during shutdown) that is logged with the session
     * and counted here, not thrown into a timer's or future's void.
     */
    void handOver(String what, Runnable task) {
        try {
            execute(task);
        } catch (RuntimeException | Error e) {
            metrics.internalError();
            LOG.log(Level.ERROR, name + ": could not run the " + what + " on the session's lane", e);
        }
    }

    /** A timer whose body runs on the lane. */
    ScheduledTask schedule(Duration delay, String what, Runnable task) {
        return scheduler.schedule(delay, () -> handOver(what, task));
    }

    /** An event that lost its guard (stale generation, epoch or timer): counted and logged at debug, nothing else (H1-H3). */
    void stale(String what) {
        metrics.staleEventIgnored();
        LOG.log(Level.DEBUG, "{0}: stale {1} ignored", name, what);
    }

    @Override
    public String toString() {
        return name;
    }
}
