package dev.hark.infrastructure.outbound.echo;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one echo stream's callbacks one at a time, in submission order, on a shared executor,
 * so a stream's listener calls never overlap and never run on the caller's thread. Echo tasks
 * are tiny, so a drain runs every queued task in one go (like the session lanes) instead of
 * resubmitting per task (like the decode lanes), which would double the hand-offs per frame.
 */
final class EchoLane implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(EchoLane.class);

    private final Executor executor;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    EchoLane(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** @throws java.util.concurrent.RejectedExecutionException when the executor refuses; the task is dropped */
    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.addLast(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RuntimeException rejected) {
            synchronized (tasks) {
                tasks.clear();
                draining = false;
            }
            throw rejected;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.pollFirst();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.error("echo lane task failed", e);
            }
        }
    }
}
