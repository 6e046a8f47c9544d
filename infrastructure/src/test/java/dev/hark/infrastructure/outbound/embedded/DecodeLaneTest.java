package dev.hark.infrastructure.outbound.embedded;

import dev.hark.application.testing.QueueingExecutor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The decode lanes' policy on {@code SerialLane}: one task per turn, in order, going on after a failure. */
class DecodeLaneTest {

    private final QueueingExecutor executor = new QueueingExecutor();

    @Test
    void runsTasksInOrder_oneExecutorTaskAtATime() {
        Executor lane = EmbeddedRecognizerAdapter.decodeLane(executor);
        List<Integer> ran = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            int task = i;
            lane.execute(() -> ran.add(task));
        }

        assertThat(executor.pending()).isEqualTo(1);
        executor.runAll();
        assertThat(ran).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void interleavesLanes_soOneBusyStreamCannotStarveAnother() {
        Executor busy = EmbeddedRecognizerAdapter.decodeLane(executor);
        Executor quiet = EmbeddedRecognizerAdapter.decodeLane(executor);
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            busy.execute(() -> ran.add("busy"));
        }
        quiet.execute(() -> ran.add("quiet"));

        executor.runAll();

        assertThat(ran).containsExactly("busy", "quiet", "busy", "busy");
    }

    @Test
    void keepsGoing_afterATaskThrows() {
        Executor lane = EmbeddedRecognizerAdapter.decodeLane(executor);
        List<String> ran = new ArrayList<>();

        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add("after"));
        executor.runAll();

        assertThat(ran).containsExactly("after");
    }
}
