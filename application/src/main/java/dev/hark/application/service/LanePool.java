package dev.hark.application.service;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The executor session lanes run on, with how many tasks a lane may run on the thread that
 * submitted to it when it was idle ({@link SerialLane}). Passing a plain {@link Executor} where a
 * lane executor is expected means {@code inlineTasks = 0}: every task is handed off, which tests
 * that step a lane by hand rely on.
 *
 * @param pool        runs a lane's drain when it is handed off
 * @param inlineTasks at most this many tasks run on the submitting thread per idle-lane submission
 *                    before the rest is handed to {@code pool}; 0 hands off every time
 */
public record LanePool(Executor pool, int inlineTasks) implements Executor {

    public LanePool {
        Objects.requireNonNull(pool, "pool");
        if (inlineTasks < 0) {
            throw new IllegalArgumentException("inlineTasks must not be negative: " + inlineTasks);
        }
    }

    /** {@code executor} as a lane pool: itself if it is one, else one that never runs tasks inline. */
    static LanePool of(Executor executor) {
        return executor instanceof LanePool lanes ? lanes : new LanePool(executor, 0);
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }
}
