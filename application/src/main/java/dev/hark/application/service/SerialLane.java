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
 * <p>Inline first: when the lane is idle, a submitted task runs at once on the submitting
 * thread (a socket's I/O thread, a recognizer's thread), because handing a tiny task to a pool
 * thread costs a wake-up and two context switches, more than the task itself. The submitter runs
 * at most {@link LanePool#inlineTasks()} tasks that way (its own and any queued meanwhile); the
 * rest goes to the pool, so a busy session cannot hold an I/O thread. A task submitted while the
 * lane is running (from another thread, or by a lane task to its own lane) is queued and runs
 * after the running one, never nested in it. One task at a time and submission order hold in
 * both modes. Callers must therefore not hold a lock a lane task might need from another thread.
 *
 * <p>A task that throws does not stop the lane: the failure goes to {@code onTaskFailure}
 * and the next task runs. If {@code onTaskFailure} throws too, that is logged and the lane still
 * goes on: a lane that stopped draining would hold its session's events forever.
 *
 * <p>One class for every lane in the product and the emulator (session, echo, decode and
 * emulator connection lanes); a {@link LanePolicy} says how many tasks a hand-off runs and
 * what a refused hand-off does.
 *
 * <p>Bound: the lane itself does not limit its queue; what keeps it short is that each client
 * socket has at most one message in it at a time (the session demands the next one only after
 * running the current one, H24), and recognizer events and timers are bounded per stream.
 */
public final class SerialLane implements Executor {

    private static final Logger LOG = System.getLogger(SerialLane.class.getName());

    private final Executor executor;
    private final int inlineTasks;
    private final LanePolicy policy;
    private final Consumer<Throwable> onTaskFailure;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    /** A thread (submitter or pool) is running this lane's tasks; guarded by {@code tasks}. */
    private boolean draining;

    /** A session lane ({@link LanePolicy#SESSION}). */
    public SerialLane(Executor executor, Consumer<Throwable> onTaskFailure) {
        this(executor, LanePolicy.SESSION, onTaskFailure);
    }

    /**
     * @param executor      a {@link LanePool} (its inline budget applies) or any executor (never inline)
     * @param onTaskFailure hears every task's failure (any {@link Throwable}); the lane goes on
     */
    public SerialLane(Executor executor, LanePolicy policy, Consumer<Throwable> onTaskFailure) {
        LanePool lanes = LanePool.of(Objects.requireNonNull(executor, "executor"));
        this.executor = lanes.pool();
        this.inlineTasks = lanes.inlineTasks();
        this.policy = Objects.requireNonNull(policy, "policy");
        this.onTaskFailure = Objects.requireNonNull(onTaskFailure, "onTaskFailure");
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (tasks) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        if (inlineTasks > 0) {
            drainInline();
        } else {
            handOff();
        }
    }

    /** Runs up to {@code inlineTasks} on this thread, then hands what is left to the executor. */
    private void drainInline() {
        if (!runUpTo(inlineTasks)) {
            return;
        }
        try {
            executor.execute(this::turn);
        } catch (RuntimeException rejected) {
            // the executor is shutting down: finishing here beats stranding the session's events
            LOG.log(Level.DEBUG, "lane executor refused a hand-off; draining on the submitting thread", rejected);
            drain();
        }
    }

    private void handOff() {
        try {
            executor.execute(this::turn);
        } catch (RuntimeException rejected) {
            int dropped = idleAfterRefusal(policy.onRefusal() != LanePolicy.Refusal.KEEP_AND_THROW);
            if (policy.onRefusal() == LanePolicy.Refusal.DROP_QUIETLY) {
                LOG.log(Level.DEBUG, "lane executor stopped; {0} tasks dropped", dropped);
                return;
            }
            throw rejected;
        }
    }

    /** One hand-off on the executor: up to {@code tasksPerTurn} tasks, then the rest behind the executor's other work. */
    private void turn() {
        if (!runUpTo(policy.tasksPerTurn())) {
            return;
        }
        try {
            executor.execute(this::turn);
        } catch (RuntimeException rejected) {
            int dropped = idleAfterRefusal(true);
            LOG.log(Level.ERROR, "lane executor refused the next turn; " + dropped + " queued tasks dropped", rejected);
        }
    }

    /** Runs up to {@code limit} tasks on this thread; true when more are queued (the lane is still draining). */
    private boolean runUpTo(int limit) {
        for (int ran = 0; ran < limit; ran++) {
            if (!runNext()) {
                return false;
            }
        }
        synchronized (tasks) {
            if (tasks.isEmpty()) {
                draining = false;
                return false;
            }
        }
        return true;
    }

    private void drain() {
        while (runNext()) {
            // until the queue is empty
        }
    }

    /** The executor refused a hand-off: the lane is idle again, its queue dropped if {@code drop}; how many tasks went. */
    private int idleAfterRefusal(boolean drop) {
        synchronized (tasks) {
            draining = false;
            int dropped = drop ? tasks.size() : 0;
            if (drop) {
                tasks.clear();
            }
            return dropped;
        }
    }

    /** Runs the next task; false (and the lane idle) when there was none. */
    private boolean runNext() {
        Runnable next;
        synchronized (tasks) {
            next = tasks.poll();
            if (next == null) {
                draining = false;
                return false;
            }
        }
        try {
            next.run();
        } catch (Throwable failure) {
            report(failure);
        }
        return true;
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
