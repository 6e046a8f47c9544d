package dev.hark.application.service;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in submission order, on a shared executor. Each session gets
 * one lane, so its state changes never race, without a thread per session and without
 * holding a lock across I/O.
 *
 * <p>A task that throws does not stop the lane: the failure goes to {@code onTaskFailure}
 * and the next task runs. If {@code onTaskFailure} throws too, that is logged and the lane still
 * goes on: a lane that stopped draining would hold its session's events forever.
 *
 * <p>Bound: the lane itself does not limit its queue; what keeps it short is that each client
 * socket has at most one message in it at a time (the session demands the next one only after
 * running the current one, H24), and recognizer events and timers are bounded per stream.
 */
public final class SerialLane implements Executor {

    private static final Logger LOG = System.getLogger(SerialLane.class.getName());

    private final Executor executor;
    private final Consumer<Throwable> onTaskFailure;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    public SerialLane(Executor executor, Consumer<Throwable> onTaskFailure) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.onTaskFailure = Objects.requireNonNull(onTaskFailure, "onTaskFailure");
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        boolean startDrain;
        synchronized (tasks) {
            tasks.add(task);
            startDrain = !draining;
            draining = true;
        }
        if (startDrain) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {
                synchronized (tasks) {
                    draining = false;
                }
                throw rejected;
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable failure) {
                report(failure);
            }
        }
    }

    private void report(Throwable failure) {
        try {
            onTaskFailure.accept(failure);
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(failure);
            LOG.log(Level.ERROR, "a lane's failure handler failed; the lane goes on", handlerFailure);
        }
    }
}
