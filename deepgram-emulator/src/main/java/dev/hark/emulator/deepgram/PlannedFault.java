package dev.hark.emulator.deepgram;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A {@link ConnectionPlan}'s forced close for one connection: tripped by time, by the Nth audio
 * frame, or at once when the plan names neither. Trips at most once. Lane-confined except the
 * timer's hop onto the lane.
 */
final class PlannedFault {

    private final ConnectionPlan plan;
    private final Scheduler scheduler;
    private final Executor lane;
    private final Runnable trip;

    private Scheduler.Task timer;
    private long audioFrames;
    private boolean done;

    PlannedFault(ConnectionPlan plan, Scheduler scheduler, Executor lane, Runnable trip) {
        this.plan = plan;
        this.scheduler = scheduler;
        this.lane = lane;
        this.trip = trip;
    }

    /** Starts the clock at the open; trips right away when the plan closes on open. */
    void arm() {
        if (!plan.forcesClose()) {
            return;
        }
        if (plan.closeAfter().isPositive()) {
            timer = scheduler.schedule(() -> lane.execute(this::fire), plan.closeAfter().toNanos(),
                    TimeUnit.NANOSECONDS);
        } else if (plan.closeAfterFrames() == 0) {
            fire();
        }
    }

    /** One audio frame arrived. */
    void audioFrame() {
        audioFrames++;
        if (plan.closeAfterFrames() > 0 && audioFrames >= plan.closeAfterFrames()) {
            fire();
        }
    }

    void disarm() {
        done = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void fire() {
        if (!done) {
            done = true;
            trip.run();
        }
    }
}
