package dev.hark.infrastructure.outbound.embedded;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one decoder stream's tasks one at a time, in submission order, on a shared executor. A
 * turn on the executor runs at most {@code tasksPerTurn} tasks before the lane queues itself
 * again behind the other lanes, so one busy stream cannot starve the others, and a lane never has
 * more than one turn waiting in the executor's queue: the shared queue is bounded by the number
 * of streams, which admission bounds. A task that throws is logged and does not stop the lane.
 *
 * <p>Why several tasks per turn: a decoder's working set (its copy of the model, tens of
 * megabytes) leaves the CPU caches while other decoders run, so the first chunk of a turn costs
 * more than the next ones. When a stream has fallen behind, working off a few of its chunks in
 * one turn decodes more audio per CPU second, which is when it matters; a stream that keeps up
 * has one chunk at a time and gets one per turn.
 */
final class DecodeLane implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeLane.class);

    private final Executor executor;
    private final int tasksPerTurn;
    private final Object lock = new Object();
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    DecodeLane(Executor executor, int tasksPerTurn) {
        if (tasksPerTurn < 1) {
            throw new IllegalArgumentException("tasksPerTurn must be at least 1");
        }
        this.executor = executor;
        this.tasksPerTurn = tasksPerTurn;
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
        boolean more = true;
        for (int ran = 0; ran < tasksPerTurn && more; ran++) {
            Runnable task;
            synchronized (lock) {
                task = tasks.pollFirst();
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("serial lane task failed", e);
            } finally {
                synchronized (lock) {
                    more = !tasks.isEmpty();
                    scheduled = more;
                }
            }
        }
        if (more) {
            scheduleQuietly();
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
