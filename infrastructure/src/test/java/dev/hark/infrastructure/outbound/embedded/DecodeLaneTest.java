package dev.hark.infrastructure.outbound.embedded;

import dev.hark.application.testing.QueueingExecutor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeLaneTest {

    private final QueueingExecutor executor = new QueueingExecutor();

    @Test
    void runsTasksInOrder_oneExecutorTaskAtATime() {
        DecodeLane lane = new DecodeLane(executor, 1);
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
        DecodeLane busy = new DecodeLane(executor, 1);
        DecodeLane quiet = new DecodeLane(executor, 1);
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
        DecodeLane behind = new DecodeLane(executor, 3);
        DecodeLane other = new DecodeLane(executor, 3);
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
        DecodeLane lane = new DecodeLane(executor, 4);
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
        DecodeLane lane = new DecodeLane(executor, 1);
        List<String> ran = new ArrayList<>();

        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add("after"));
        executor.runAll();

        assertThat(ran).containsExactly("after");
    }
}
