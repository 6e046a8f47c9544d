package dev.hark.infrastructure.outbound.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerAdapterTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorSchedulerAdapter scheduler = new ExecutorSchedulerAdapter(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void countsATaskBodyThatThrows_andKeepsRunningLaterTasks() throws Exception {
        CountDownLatch later = new CountDownLatch(1);
        scheduler.schedule(Duration.ZERO, () -> {
            throw new IllegalStateException("timer body failed");
        });
        scheduler.schedule(Duration.ofMillis(1), later::countDown);

        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.failedTasks()).isEqualTo(1);
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void aCancelledTaskNeitherRunsNorStaysPending() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        scheduler.schedule(Duration.ofHours(1), ran::countDown).cancel();

        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(ran.getCount()).isEqualTo(1);
        assertThat(scheduler.failedTasks()).isZero();
    }
}
