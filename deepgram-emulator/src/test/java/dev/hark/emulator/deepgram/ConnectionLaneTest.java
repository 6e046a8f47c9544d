package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** The emulator connections' lane policy on {@code SerialLane}: the whole queue per hand-off, dropped quietly once the pool stops. */
class ConnectionLaneTest {

    /** Queues pool work until the test runs it, so the test picks the interleaving. */
    private final Deque<Runnable> pool = new ArrayDeque<>();
    private final Executor lane = EmulatorRuntime.connectionLane(pool::add);

    @Test
    void runsTasksInSubmissionOrder_withOnePoolTaskAtATime() {
        List<Integer> ran = new ArrayList<>();
        lane.execute(() -> ran.add(1));
        lane.execute(() -> ran.add(2));
        assertThat(pool).hasSize(1);

        pool.poll().run();
        lane.execute(() -> ran.add(3));
        pool.poll().run();

        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(pool).isEmpty();
    }

    @Test
    void keepsDraining_afterATaskThrows() {
        List<Integer> ran = new ArrayList<>();
        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add(2));

        pool.poll().run();

        assertThat(ran).containsExactly(2);
    }

    @Test
    void dropsTasks_onceThePoolRefusesWork() {
        Executor stopped = EmulatorRuntime.connectionLane(task -> {
            throw new RejectedExecutionException("stopped");
        });
        List<Integer> ran = new ArrayList<>();

        stopped.execute(() -> ran.add(1));
        stopped.execute(() -> ran.add(2));

        assertThat(ran).isEmpty();
    }
}
