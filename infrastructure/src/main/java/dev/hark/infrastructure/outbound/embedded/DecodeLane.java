package dev.hark.infrastructure.outbound.embedded;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one decoder stream's tasks one at a time, in submission order, on a shared executor. Each
 * task is handed to the executor on its own, so one busy stream cannot starve the others,
 * and a lane never has more than one task waiting in the executor's queue: the shared queue
 * is bounded by the number of streams, which the pool bounds. A task that throws is logged
 * and does not stop the lane.
 *
 * <p>Unlike the session lanes ({@code application.service.SerialLane}), which drain their
 * queue in one go because their tasks are tiny, a decode task can take tens of milliseconds,
 * so fairness between streams matters more than the cost of resubmitting.
 */
final class DecodeLane implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeLane.class);

    private final Executor executor;
    private final Object lock = new Object();
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    DecodeLane(Executor executor) {
        this.executor = executor;
    }

    /** @throws RejectedExecutionException when the shared executor refuses; the task is then dropped */
    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            tasks.addLast(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule(task);
    }

    private void schedule(Runnable dropOnRejection) {
        try {
            executor.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                tasks.remove(dropOnRejection);
                scheduled = false;
            }
            throw e;
        }
    }

    private void runNext() {
        Runnable task;
        synchronized (lock) {
            task = tasks.pollFirst();
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("serial lane task failed", e);
        } finally {
            Runnable next;
            synchronized (lock) {
                next = tasks.peekFirst();
                scheduled = next != null;
            }
            if (next != null) {
                scheduleQuietly();
            }
        }
    }

    private void scheduleQuietly() {
        try {
            executor.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            LOG.error("decode executor refused a lane; {} queued tasks dropped", dropAll(), e);
        }
    }

    private int dropAll() {
        synchronized (lock) {
            int dropped = tasks.size();
            tasks.clear();
            scheduled = false;
            return dropped;
        }
    }
}
