package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.testing.QueueingExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SerialLaneTest {

    @Test
    void runsTasksInSubmissionOrder() {
        QueueingExecutor executor = new QueueingExecutor();
        SerialLane lane = new SerialLane(executor, failure -> { });
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            lane.execute(() -> order.add(n));
        }
        executor.runAll();
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void keepsRunning_afterATaskThrows() {
        QueueingExecutor executor = new QueueingExecutor();
        List<Throwable> failures = new ArrayList<>();
        SerialLane lane = new SerialLane(executor, failures::add);
        List<String> ran = new ArrayList<>();
        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add("after"));
        executor.runAll();
        assertThat(failures).singleElement().isInstanceOf(IllegalStateException.class);
        assertThat(ran).containsExactly("after");
        lane.execute(() -> ran.add("later"));
        executor.runAll();
        assertThat(ran).containsExactly("after", "later");
    }

    @Test
    void keepsDraining_whenTheFailureHandlerThrowsToo() {
        QueueingExecutor executor = new QueueingExecutor();
        SerialLane lane = new SerialLane(executor, failure -> {
            throw new IllegalStateException("the handler failed as well");
        });
        List<String> ran = new ArrayList<>();
        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add("after"));
        executor.runAll();
        lane.execute(() -> ran.add("later"));
        executor.runAll();

        assertThat(ran).as("the lane is not wedged").containsExactly("after", "later");
    }

    @RepeatedTest(20)
    void neverRunsTwoTasksAtOnce_whenManyThreadsSubmitTogether() throws Exception {
        int threads = 16;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ExecutorService submitters = Executors.newFixedThreadPool(threads);
        try {
            SerialLane lane = new SerialLane(pool, failure -> { });
            AtomicInteger inside = new AtomicInteger();
            List<Integer> overlaps = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(threads * perThread);
            CyclicBarrier start = new CyclicBarrier(threads);
            for (int t = 0; t < threads; t++) {
                submitters.execute(() -> {
                    try {
                        start.await(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < perThread; i++) {
                        lane.execute(() -> {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.add(1);
                            }
                            inside.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).isEmpty();
        } finally {
            pool.shutdownNow();
            submitters.shutdownNow();
        }
    }
}
