package dev.hark.application.testing;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** An executor that runs nothing until the test says so, so the test chooses every interleaving. */
public final class QueueingExecutor implements Executor {

    private final Queue<Runnable> queued = new ArrayDeque<>();
    private boolean draining;

    @Override
    public synchronized void execute(Runnable task) {
        queued.add(task);
    }

    /** Runs queued tasks, including ones they queue, until none is left; returns how many ran. */
    public int runAll() {
        int ran = 0;
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queued.poll();
            }
            if (next == null) {
                return ran;
            }
            draining = true;
            try {
                next.run();
            } finally {
                draining = false;
            }
            ran++;
        }
    }

    public synchronized int pending() {
        return queued.size();
    }

    /** True only while this executor runs a task: lets a fake prove it is called from the executor, not the caller. */
    public boolean isDraining() {
        return draining;
    }
}
