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
        Executor lane = EmbeddedRecognizerAdapter.decodeLane(executor, 1);
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
        Executor busy = EmbeddedRecognizerAdapter.decodeLane(executor, 1);
        Executor quiet = EmbeddedRecognizerAdapter.decodeLane(executor, 1);
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            busy.execute(() -> ran.add("busy"));
        }
        quiet.execute(() -> ran.add("quiet"));

        executor.runAll();

        assertThat(ran).containsExactly("busy", "quiet", "busy", "busy");
    }

    @Test
    void runsSeveralQueuedTasksPerTurn_thenLetsTheOtherLanesGo() {
        Executor behind = EmbeddedRecognizerAdapter.decodeLane(executor, 3);
        Executor other = EmbeddedRecognizerAdapter.decodeLane(executor, 3);
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int task = i;
            behind.execute(() -> ran.add("behind" + task));
        }
        other.execute(() -> ran.add("other"));

        assertThat(executor.pending()).isEqualTo(2);
        executor.runAll();

        assertThat(ran).containsExactly("behind0", "behind1", "behind2", "other", "behind3", "behind4");
    }

    @Test
    void endsItsTurnEarly_whenItsQueueRunsDry_andIsScheduledAgainByTheNextTask() {
        Executor lane = EmbeddedRecognizerAdapter.decodeLane(executor, 4);
        List<Integer> ran = new ArrayList<>();
        lane.execute(() -> ran.add(1));
        executor.runAll();

        lane.execute(() -> ran.add(2));

        assertThat(executor.pending()).isEqualTo(1);
        executor.runAll();
        assertThat(ran).containsExactly(1, 2);
    }

    @Test
    void keepsGoing_afterATaskThrows() {
        Executor lane = EmbeddedRecognizerAdapter.decodeLane(executor, 1);
        List<String> ran = new ArrayList<>();

        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add("after"));
        executor.runAll();

        assertThat(ran).containsExactly("after");
    }
}
