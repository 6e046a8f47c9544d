package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.application.testing.QueueingExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.RejectedExecutionException;
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

    @Test
    void runsATaskOnTheSubmittingThread_whenTheLaneIsIdle() {
        QueueingExecutor pool = new QueueingExecutor();
        SerialLane lane = new SerialLane(new LanePool(pool, 4), failure -> { });
        Thread submitter = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();

        lane.execute(() -> ranOn.add(Thread.currentThread()));

        assertThat(ranOn).containsExactly(submitter);
        assertThat(pool.pending()).as("no hand-off, no wake-up").isZero();
    }

    @Test
    void queuesATaskALaneTaskSubmitsToItsOwnLane_insteadOfNestingIt() {
        QueueingExecutor pool = new QueueingExecutor();
        SerialLane lane = new SerialLane(new LanePool(pool, 4), failure -> { });
        List<String> steps = new ArrayList<>();

        lane.execute(() -> {
            steps.add("outer starts");
            lane.execute(() -> steps.add("inner"));
            steps.add("outer ends");
        });

        assertThat(steps).containsExactly("outer starts", "outer ends", "inner");
    }

    @Test
    void handsTheRestToThePool_afterItsInlineBudget() {
        QueueingExecutor pool = new QueueingExecutor();
        SerialLane lane = new SerialLane(new LanePool(pool, 2), failure -> { });
        List<Integer> order = new ArrayList<>();

        lane.execute(() -> {
            order.add(0);
            for (int i = 1; i <= 4; i++) {
                int n = i;
                lane.execute(() -> order.add(n));
            }
        });

        assertThat(order).as("the submitter ran its budget of two tasks").containsExactly(0, 1);
        assertThat(pool.pending()).isEqualTo(1);
        lane.execute(() -> order.add(5));
        assertThat(order).as("queued behind the handed-off rest, not run inline").containsExactly(0, 1);
        pool.runAll();
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void finishesOnTheSubmittingThread_whenThePoolRefusesTheHandOff() {
        SerialLane lane = new SerialLane(new LanePool(task -> {
            throw new java.util.concurrent.RejectedExecutionException("shutting down");
        }, 1), failure -> { });
        List<Integer> order = new ArrayList<>();

        lane.execute(() -> {
            order.add(0);
            lane.execute(() -> order.add(1));
        });

        assertThat(order).containsExactly(0, 1);
    }

    @Test
    void dropsTheRefusedTaskAndThrows_underDropAndThrow_butASessionLaneKeepsIt() {
        for (LanePolicy policy : List.of(LanePolicy.drainAll(LanePolicy.Refusal.DROP_AND_THROW), LanePolicy.SESSION)) {
            QueueingExecutor pool = new QueueingExecutor();
            AtomicBoolean refusing = new AtomicBoolean(true);
            SerialLane lane = new SerialLane(task -> {
                if (refusing.get()) {
                    throw new RejectedExecutionException("full");
                }
                pool.execute(task);
            }, policy, failure -> { });
            List<Integer> order = new ArrayList<>();

            assertThatThrownBy(() -> lane.execute(() -> order.add(1))).isInstanceOf(RejectedExecutionException.class);
            refusing.set(false);
            lane.execute(() -> order.add(2));
            pool.runAll();

            assertThat(order).as(policy.toString())
                    .isEqualTo(policy == LanePolicy.SESSION ? List.of(1, 2) : List.of(2));
        }
    }

    @Test
    void runsOneTaskPerTurn_andDropsTheRest_whenTheNextTurnIsRefused() {
        Deque<Runnable> pool = new ArrayDeque<>();
        AtomicBoolean refusing = new AtomicBoolean();
        SerialLane lane = new SerialLane(task -> {
            if (refusing.get()) {
                throw new RejectedExecutionException("stopping");
            }
            pool.add(task);
        }, LanePolicy.turns(1, LanePolicy.Refusal.DROP_AND_THROW), failure -> { });
        List<Integer> order = new ArrayList<>();
        lane.execute(() -> order.add(1));
        lane.execute(() -> order.add(2));
        lane.execute(() -> order.add(3));

        pool.poll().run();
        assertThat(order).containsExactly(1);
        assertThat(pool).as("the next turn waits behind other work").hasSize(1);
        refusing.set(true);
        pool.poll().run(); // runs 2; its next turn is refused
        refusing.set(false);
        lane.execute(() -> order.add(4));
        while (!pool.isEmpty()) {
            pool.poll().run();
        }

        assertThat(order).as("3 was dropped with the refused turn; the lane still works").containsExactly(1, 2, 4);
    }

    @RepeatedTest(20)
    void neverRunsTwoTasksAtOnce_whenManyThreadsSubmitTogether() throws Exception {
        assertOneAtATimeInOrder(Executors.newFixedThreadPool(4), 0);
    }

    /**
     * Inline drains on the submitters race queued drains on the pool: one barrier releases all
     * submitters at an idle lane, the budget of 2 forces hand-offs mid-burst. Any overlap of two
     * tasks, or any submitter's tasks out of its order, fails.
     */
    @RepeatedTest(20)
    void neverRunsTwoTasksAtOnceAndKeepsEachSubmittersOrder_whenInlineAndQueuedDrainsRace() throws Exception {
        assertOneAtATimeInOrder(Executors.newFixedThreadPool(4), 2);
    }

    private static void assertOneAtATimeInOrder(ExecutorService pool, int inlineTasks) throws Exception {
        int threads = 16;
        int perThread = 200;
        ExecutorService submitters = Executors.newFixedThreadPool(threads);
        try {
            SerialLane lane = new SerialLane(new LanePool(pool, inlineTasks), failure -> { });
            AtomicInteger inside = new AtomicInteger();
            List<Integer> overlaps = new CopyOnWriteArrayList<>();
            List<String> outOfOrder = new CopyOnWriteArrayList<>();
            int[] lastSeen = new int[threads]; // written only on the lane: one task at a time
            java.util.Arrays.fill(lastSeen, -1);
            CountDownLatch done = new CountDownLatch(threads * perThread);
            CyclicBarrier start = new CyclicBarrier(threads);
            for (int t = 0; t < threads; t++) {
                int submitter = t;
                submitters.execute(() -> {
                    try {
                        start.await(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        lane.execute(() -> {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.add(1);
                            }
                            if (lastSeen[submitter] != n - 1) {
                                outOfOrder.add(submitter + ": " + n + " after " + lastSeen[submitter]);
                            }
                            lastSeen[submitter] = n;
                            Thread.yield(); // widens the window in which a second task would be seen
                            inside.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).isEmpty();
            assertThat(outOfOrder).isEmpty();
        } finally {
            pool.shutdownNow();
            submitters.shutdownNow();
        }
    }
}
