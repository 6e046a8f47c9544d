package dev.hark.infrastructure.outbound.deepgram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/** A Jetty scheduler whose tasks run only when the test says so: timers without waiting. */
final class ManualScheduler extends AbstractLifeCycle implements Scheduler {

    /** One scheduled task; {@code cancelled} once cancelled. */
    static final class Scheduled implements Task {
        final Runnable task;
        final long delayMillis;
        boolean cancelled;

        Scheduled(Runnable task, long delayMillis) {
            this.task = task;
            this.delayMillis = delayMillis;
        }

        @Override
        public boolean cancel() {
            boolean wasPending = !cancelled;
            cancelled = true;
            return wasPending;
        }
    }

    final List<Scheduled> tasks = new ArrayList<>();
    /** When set, refuses work as a stopped Jetty scheduler does. */
    boolean rejecting;

    @Override
    public Task schedule(Runnable task, long delay, TimeUnit unit) {
        if (rejecting) {
            throw new RejectedExecutionException("scheduler stopped");
        }
        Scheduled scheduled = new Scheduled(task, unit.toMillis(delay));
        tasks.add(scheduled);
        return scheduled;
    }

    /** Runs every task not cancelled, as if their time had come. */
    void runDue() {
        for (Scheduled scheduled : List.copyOf(tasks)) {
            if (!scheduled.cancelled) {
                scheduled.cancelled = true;
                scheduled.task.run();
            }
        }
    }
}
