package dev.hark.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    @Test
    void runsDueTasksInDueOrderOnlyWhenAdvanced() {
        ManualScheduler scheduler = new ManualScheduler();
        List<String> ran = new ArrayList<>();
        scheduler.schedule(Duration.ofSeconds(2), () -> ran.add("b"));
        scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("a"));
        var cancelled = scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("never"));
        cancelled.cancel();

        assertThat(ran).isEmpty();
        scheduler.advance(Duration.ofMillis(1500));
        assertThat(ran).containsExactly("a");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("a", "b");
        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(scheduler.elapsed()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void runsTasksScheduledByTasksWhenTheyFallDue() {
        ManualScheduler scheduler = new ManualScheduler();
        List<Duration> ranAt = new ArrayList<>();
        scheduler.schedule(Duration.ofSeconds(1), () -> {
            ranAt.add(scheduler.elapsed());
            scheduler.schedule(Duration.ofSeconds(1), () -> ranAt.add(scheduler.elapsed()));
        });
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(ranAt).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
