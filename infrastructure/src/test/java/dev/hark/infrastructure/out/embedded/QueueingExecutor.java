package dev.hark.infrastructure.out.embedded;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** An executor that only queues; the test runs the tasks when it chooses, on its own thread. */
final class QueueingExecutor implements Executor {

    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    @Override
    public synchronized void execute(Runnable task) {
        tasks.addLast(task);
    }

    /** Runs tasks, including ones queued while running, until none is left; returns how many ran. */
    int runAll() {
        int ran = 0;
        Runnable task;
        while ((task = next()) != null) {
            draining = true;
            try {
                task.run();
            } finally {
                draining = false;
            }
            ran++;
        }
        return ran;
    }

    synchronized int pending() {
        return tasks.size();
    }

    /** True only while this executor runs a task: the fake decoder checks it on every call. */
    boolean isDraining() {
        return draining;
    }

    private synchronized Runnable next() {
        return tasks.pollFirst();
    }
}
