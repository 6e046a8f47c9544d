package dev.hark.application.service;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A session's lane: a {@link SerialLane} that also knows which thread is running its task, so
 * the session core can assert its confinement rule ({@code assert lane.isCurrent()}; the test
 * runs enable assertions) instead of only stating it in a comment.
 *
 * <p>{@code runner} is a plain field: only the lane's own thread writes it, between tasks that
 * the serial lane already orders, and a thread off the lane reading it sees {@code null} or some
 * other thread, never itself, so the check cannot pass by accident.
 */
final class SessionLane implements Executor {

    private static final Logger LOG = System.getLogger(SessionLane.class.getName());

    private final SerialLane serial;
    private final Consumer<Throwable> onTaskFailure;
    private Thread runner;

    /** @param onTaskFailure handles a task's failure, on the lane (so it may touch lane-confined state) */
    SessionLane(Executor executor, Consumer<Throwable> onTaskFailure) {
        this.onTaskFailure = onTaskFailure;
        this.serial = new SerialLane(executor,
                handlerFailure -> LOG.log(Level.ERROR, "a session lane's failure handler failed", handlerFailure));
    }

    @Override
    public void execute(Runnable task) {
        serial.execute(() -> {
            Thread previous = runner;
            runner = Thread.currentThread();
            try {
                task.run();
            } catch (Throwable failure) {
                onTaskFailure.accept(failure); // still on the lane; if this throws too, the serial lane logs it
            } finally {
                runner = previous;
            }
        });
    }

    /** Whether the calling thread is running one of this lane's tasks. */
    boolean isCurrent() {
        return runner == Thread.currentThread();
    }
}
