package dev.hark.application.service;

import java.util.Objects;

/**
 * How a {@link SerialLane} shares its executor. Session, echo and emulator lanes run every
 * queued task in one hand-off (their tasks are tiny: a hand-off per task would double the
 * wake-ups); a decode lane runs one task per turn and then queues up again behind the other
 * streams (a decode task takes tens of milliseconds, so fairness between streams matters more
 * than the hand-off, and a lane never has more than one turn waiting in the executor's queue).
 *
 * @param tasksPerTurn how many tasks one hand-off runs before the lane queues up again behind
 *                     the executor's other work
 * @param onRefusal    what a refused hand-off does with the task that was to start it
 */
public record LanePolicy(int tasksPerTurn, Refusal onRefusal) {

    /** The whole queue per hand-off. */
    private static final int UNBOUNDED = Integer.MAX_VALUE;

    /** Session lanes: the whole queue per hand-off; a refusal is thrown, the refused task stays queued. */
    public static final LanePolicy SESSION = new LanePolicy(UNBOUNDED, Refusal.KEEP_AND_THROW);

    public LanePolicy {
        if (tasksPerTurn < 1) {
            throw new IllegalArgumentException("tasksPerTurn must be at least 1: " + tasksPerTurn);
        }
        Objects.requireNonNull(onRefusal, "onRefusal");
    }

    /** The whole queue per hand-off. */
    public static LanePolicy drainAll(Refusal onRefusal) {
        return new LanePolicy(UNBOUNDED, onRefusal);
    }

    /** {@code tasksPerTurn} tasks per hand-off, then behind the executor's other work. */
    public static LanePolicy turns(int tasksPerTurn, Refusal onRefusal) {
        return new LanePolicy(tasksPerTurn, onRefusal);
    }

    /**
     * What a refused hand-off does. The lane was idle, so the task that was to start it is the only
     * one queued. (A turn that cannot hand on the rest of its queue, with bounded turns only,
     * drops it and logs an error: the executor is stopping.)
     */
    public enum Refusal {
        /** The refusal is thrown to the submitter; the task stays queued and runs with the next hand-off. */
        KEEP_AND_THROW,
        /** The task is dropped and the refusal thrown to the submitter. */
        DROP_AND_THROW,
        /** The task is dropped quietly (a stopping executor: what it would have done no longer matters). */
        DROP_QUIETLY
    }
}
