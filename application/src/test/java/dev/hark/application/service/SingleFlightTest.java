package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.ScriptedStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(5);

    static final class TimeoutError extends RuntimeException {}

    static final class WaiterLimitError extends RuntimeException {}

    static final class ClosedError extends RuntimeException {}

    private final ManualScheduler scheduler = new ManualScheduler();
    /** Every future connect returned, in order; the test completes them when it chooses. */
    private final List<CompletableFuture<ScriptedStream>> connects = new CopyOnWriteArrayList<>();
    private final List<ScriptedStream> discarded = new CopyOnWriteArrayList<>();
    private Supplier<CompletableFuture<ScriptedStream>> connect = () -> {
        CompletableFuture<ScriptedStream> pending = new CompletableFuture<>();
        connects.add(pending);
        return pending;
    };

    private SingleFlight<ScriptedStream> flight(int maxWaiters) {
        return flight(maxWaiters, scheduler);
    }

    private SingleFlight<ScriptedStream> flight(int maxWaiters, SchedulerPort timers) {
        return flight(maxWaiters, timers, ScriptedStream::isOpen);
    }

    private SingleFlight<ScriptedStream> flight(int maxWaiters, SchedulerPort timers, Predicate<ScriptedStream> usable) {
        return new SingleFlight<>("test", () -> connect.get(), usable, stream -> {
            discarded.add(stream);
            stream.abort();
        }, timers, new SingleFlight.Settings(TIMEOUT, maxWaiters), TimeoutError::new, WaiterLimitError::new,
                ClosedError::new);
    }

    private static List<CompletableFuture<ScriptedStream>> acquire(SingleFlight<ScriptedStream> flight, int callers) {
        List<CompletableFuture<ScriptedStream>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(flight.acquire());
        }
        return futures;
    }

    private static void assertFailsWith(CompletableFuture<?> future, Class<? extends Throwable> cause) {
        assertThat(future).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).withCauseInstanceOf(cause);
    }

    @AfterEach
    void leavesNoTimerBehind() {
        assertThat(scheduler.pendingTasks()).as("leaked scheduled tasks").isZero();
    }

    @RepeatedTest(5)
    void connectsOnce_whenThousandCallersRace() throws Exception { // H6
        CompletableFuture<ScriptedStream> gate = new CompletableFuture<>();
        connect = () -> { // blocks its caller until the test opens the gate, like a slow handshake
            try {
                return CompletableFuture.completedFuture(gate.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        SingleFlight<ScriptedStream> flight = flight(0);
        int callers = 1000;
        CyclicBarrier start = new CyclicBarrier(callers);
        CountDownLatch returned = new CountDownLatch(callers - 1); // all but the leader, who is inside connect
        AtomicReferenceArray<CompletableFuture<ScriptedStream>> results = new AtomicReferenceArray<>(callers);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().stackSize(256 * 1024).start(() -> {
                try {
                    start.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    results.set(index, flight.acquire());
                } catch (Exception | Error e) {
                    errors.add(e);
                } finally {
                    returned.countDown();
                }
            }));
        }
        boolean othersJoinedWhileConnectBlocked = returned.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        long attemptsWhileBlocked = flight.connectAttempts();
        int waitersWhileBlocked = flight.waiters();

        ScriptedStream stream = new ScriptedStream();
        gate.complete(stream);
        for (Thread thread : threads) {
            assertThat(thread.join(WAIT)).isTrue();
        }

        assertThat(errors).isEmpty();
        assertThat(attemptsWhileBlocked).as("connects while the first one was blocked").isEqualTo(1);
        assertThat(othersJoinedWhileConnectBlocked).as("all but the leader joined without connecting").isTrue();
        assertThat(waitersWhileBlocked).isEqualTo(callers);
        for (int i = 0; i < callers; i++) {
            assertThat(results.get(i)).succeedsWithin(WAIT).isSameAs(stream);
        }
        assertThat(flight.connectAttempts()).isEqualTo(1);
        assertThat(discarded).isEmpty();
    }

    @Test
    void failsEveryWaiterWithTheSameError_andReconnects_whenConnectFails() { // H7
        SingleFlight<ScriptedStream> flight = flight(0);
        List<CompletableFuture<ScriptedStream>> waiters = acquire(flight, 50);
        IllegalStateException boom = new IllegalStateException("handshake refused");

        connects.get(0).completeExceptionally(new CompletionException(boom));

        for (CompletableFuture<ScriptedStream> waiter : waiters) {
            assertThat(waiter).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).withCause(boom);
        }
        assertThat(flight.hasLiveOrInFlight()).isFalse();
        CompletableFuture<ScriptedStream> next = flight.acquire();
        assertThat(flight.connectAttempts()).isEqualTo(2);
        ScriptedStream stream = new ScriptedStream();
        connects.get(1).complete(stream);
        assertThat(next).succeedsWithin(WAIT).isSameAs(stream);
    }

    @Test
    void countsAFailedAttempt_whenConnectThrows() { // H7
        IllegalStateException boom = new IllegalStateException("no credentials");
        Supplier<CompletableFuture<ScriptedStream>> working = connect;
        connect = () -> {
            throw boom;
        };
        SingleFlight<ScriptedStream> flight = flight(0);

        assertThat(flight.acquire()).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).withCause(boom);
        assertThat(flight.connectAttempts()).isEqualTo(1);

        connect = working;
        CompletableFuture<ScriptedStream> next = flight.acquire();
        connects.get(0).complete(new ScriptedStream());
        assertThat(next).succeedsWithin(WAIT);
        assertThat(flight.connectAttempts()).isEqualTo(2);
    }

    @Test
    void lateFailureOfATimedOutAttempt_doesNotRemoveTheNewOne() { // H7: remove only if still the same attempt
        SingleFlight<ScriptedStream> flight = flight(0);
        flight.acquire();
        scheduler.advance(TIMEOUT);
        CompletableFuture<ScriptedStream> second = flight.acquire();

        connects.get(0).completeExceptionally(new IllegalStateException("late failure"));

        assertThat(second).isNotDone();
        CompletableFuture<ScriptedStream> third = flight.acquire();
        assertThat(flight.connectAttempts()).isEqualTo(2);
        ScriptedStream stream = new ScriptedStream();
        connects.get(1).complete(stream);
        assertThat(second).succeedsWithin(WAIT).isSameAs(stream);
        assertThat(third).succeedsWithin(WAIT).isSameAs(stream);
    }

    @Test
    void failsWaitersWithTimeout_andDiscardsLateValue_whenConnectHangs() { // H8
        SingleFlight<ScriptedStream> flight = flight(0);
        List<CompletableFuture<ScriptedStream>> waiters = acquire(flight, 20);

        scheduler.advance(TIMEOUT.minusMillis(1));
        assertThat(waiters).noneMatch(CompletableFuture::isDone);
        scheduler.advance(Duration.ofMillis(1));
        waiters.forEach(waiter -> assertFailsWith(waiter, TimeoutError.class));
        assertThat(scheduler.pendingTasks()).isZero();

        CompletableFuture<ScriptedStream> next = flight.acquire();
        assertThat(flight.connectAttempts()).isEqualTo(2);
        ScriptedStream late = new ScriptedStream();
        connects.get(0).complete(late);
        assertThat(discarded).containsExactly(late);
        assertThat(late.aborts()).isEqualTo(1);
        assertThat(next).isNotDone();

        ScriptedStream fresh = new ScriptedStream();
        connects.get(1).complete(fresh);
        assertThat(next).succeedsWithin(WAIT).isSameAs(fresh);
    }

    @Test
    void timeoutCoversTheTransparentRetry_whenRetryHangs() { // H8 + H9: one bound for the whole wait
        SingleFlight<ScriptedStream> flight = flight(0);
        List<CompletableFuture<ScriptedStream>> waiters = acquire(flight, 3);
        ScriptedStream dead = new ScriptedStream();
        dead.abort();
        scheduler.advance(TIMEOUT.dividedBy(2));
        connects.get(0).complete(dead);
        assertThat(flight.connectAttempts()).isEqualTo(2);

        scheduler.advance(TIMEOUT.dividedBy(2).minusMillis(1));
        assertThat(waiters).noneMatch(CompletableFuture::isDone);
        scheduler.advance(Duration.ofMillis(1));

        waiters.forEach(waiter -> assertFailsWith(waiter, TimeoutError.class));
        ScriptedStream late = new ScriptedStream();
        connects.get(1).complete(late);
        assertThat(discarded).containsExactly(dead, late);
        assertThat(flight.hasLiveOrInFlight()).isFalse();
    }

    @Test
    void cancelsTheTimer_whenConnectCompletesSynchronously() { // H8
        ScriptedStream stream = new ScriptedStream();
        connect = () -> CompletableFuture.completedFuture(stream);
        SingleFlight<ScriptedStream> flight = flight(0);

        assertThat(flight.acquire()).succeedsWithin(WAIT).isSameAs(stream);
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void cancelsTheTimer_whenClosedWhileTheTimerIsBeingScheduled() { // H8: close races startTimer
        AtomicReference<SingleFlight<ScriptedStream>> holder = new AtomicReference<>();
        SchedulerPort closingFirst = new SchedulerPort() {
            @Override
            public ScheduledTask schedule(Duration delay, Runnable task) {
                holder.get().close();
                return scheduler.schedule(delay, task);
            }

            @Override
            public int pendingTasks() {
                return scheduler.pendingTasks();
            }
        };
        holder.set(flight(0, closingFirst));

        assertFailsWith(holder.get().acquire(), ClosedError.class);
        assertThat(scheduler.pendingTasks()).isZero();
        connects.get(0).complete(new ScriptedStream());
        assertThat(discarded).hasSize(1);
    }

    @Test
    void failsFast_whenWaiterCapReached() { // H8
        SingleFlight<ScriptedStream> flight = flight(10);
        List<CompletableFuture<ScriptedStream>> admitted = acquire(flight, 10);

        CompletableFuture<ScriptedStream> eleventh = flight.acquire();

        assertThat(eleventh).isCompletedExceptionally();
        assertFailsWith(eleventh, WaiterLimitError.class);
        assertThat(flight.waiters()).isEqualTo(10);
        assertThat(flight.connectAttempts()).isEqualTo(1);
        ScriptedStream stream = new ScriptedStream();
        connects.get(0).complete(stream);
        admitted.forEach(waiter -> assertThat(waiter).succeedsWithin(WAIT).isSameAs(stream));
    }

    @RepeatedTest(5)
    void admitsExactlyTheCap_whenCallersRace() throws Exception { // H8
        SingleFlight<ScriptedStream> flight = flight(10);
        CompletableFuture<ScriptedStream> leader = flight.acquire();
        int callers = 1000;
        CyclicBarrier start = new CyclicBarrier(callers);
        List<CompletableFuture<ScriptedStream>> results = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofPlatform().stackSize(256 * 1024).start(() -> {
                try {
                    start.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    results.add(flight.acquire());
                } catch (Exception e) {
                    results.add(CompletableFuture.failedFuture(e));
                }
            }));
        }
        for (Thread thread : threads) {
            assertThat(thread.join(WAIT)).isTrue();
        }

        assertThat(results).hasSize(callers);
        assertThat(results.stream().filter(f -> !f.isDone())).hasSize(9);
        assertThat(flight.waiters()).isEqualTo(10);
        ScriptedStream stream = new ScriptedStream();
        connects.get(0).complete(stream);
        assertThat(leader).succeedsWithin(WAIT).isSameAs(stream);
        results.stream().filter(f -> f.isCompletedExceptionally())
                .forEach(f -> assertFailsWith(f, WaiterLimitError.class));
        assertThat(results.stream().filter(f -> !f.isCompletedExceptionally())).hasSize(9);
    }

    @Test
    void connectsAnew_whenHeldValueClosedBeforeHandOut() { // H9
        SingleFlight<ScriptedStream> flight = flight(0);
        CompletableFuture<ScriptedStream> first = flight.acquire();
        ScriptedStream closing = new ScriptedStream();
        connects.get(0).complete(closing);
        assertThat(first).succeedsWithin(WAIT).isSameAs(closing);

        closing.closeGracefully();
        List<CompletableFuture<ScriptedStream>> waiters = acquire(flight, 5);

        assertThat(flight.connectAttempts()).isEqualTo(2);
        assertThat(discarded).containsExactly(closing);
        ScriptedStream fresh = new ScriptedStream();
        connects.get(1).complete(fresh);
        waiters.forEach(waiter -> assertThat(waiter).succeedsWithin(WAIT).isSameAs(fresh));
        assertThat(flight.connectAttempts()).isEqualTo(2);
    }

    @Test
    void retriesOnceForTheSameWaiters_whenValueIsDeadAtCompletion() { // H9
        SingleFlight<ScriptedStream> flight = flight(0);
        List<CompletableFuture<ScriptedStream>> waiters = acquire(flight, 5);
        ScriptedStream dead = new ScriptedStream();
        dead.abort();

        connects.get(0).complete(dead);

        assertThat(flight.connectAttempts()).isEqualTo(2);
        assertThat(waiters).noneMatch(CompletableFuture::isDone);
        assertThat(flight.waiters()).isEqualTo(5);
        assertThat(discarded).containsExactly(dead);
        ScriptedStream fresh = new ScriptedStream();
        connects.get(1).complete(fresh);
        waiters.forEach(waiter -> assertThat(waiter).succeedsWithin(WAIT).isSameAs(fresh));
    }

    @Test
    void failsWithClosedError_andStaysReconnectable_whenRetriedValueIsDeadToo() { // H9
        SingleFlight<ScriptedStream> flight = flight(0);
        List<CompletableFuture<ScriptedStream>> waiters = acquire(flight, 3);
        ScriptedStream dead = new ScriptedStream();
        dead.abort();
        ScriptedStream deadAgain = new ScriptedStream();
        deadAgain.abort();

        connects.get(0).complete(dead);
        connects.get(1).complete(deadAgain);

        waiters.forEach(waiter -> assertFailsWith(waiter, ClosedError.class));
        assertThat(discarded).containsExactly(dead, deadAgain);
        CompletableFuture<ScriptedStream> next = flight.acquire();
        assertThat(flight.connectAttempts()).isEqualTo(3);
        connects.get(2).complete(new ScriptedStream());
        assertThat(next).succeedsWithin(WAIT);
    }

    @Test
    void failsWaiters_andStaysReconnectable_whenUsableCheckThrows() { // no waiter hangs on a throwing callback
        IllegalStateException broken = new IllegalStateException("isOpen failed");
        AtomicReference<ScriptedStream> poisoned = new AtomicReference<>();
        SingleFlight<ScriptedStream> flight = flight(0, scheduler, stream -> {
            if (stream == poisoned.get()) {
                throw broken;
            }
            return stream.isOpen();
        });
        List<CompletableFuture<ScriptedStream>> waiters = acquire(flight, 3);
        poisoned.set(new ScriptedStream());

        connects.get(0).complete(poisoned.get());

        waiters.forEach(waiter -> assertThat(waiter).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCause(broken));
        CompletableFuture<ScriptedStream> next = flight.acquire();
        connects.get(1).complete(new ScriptedStream());
        assertThat(next).succeedsWithin(WAIT);
    }

    @Test
    void cancellingOneCaller_doesNotCancelTheOthers() {
        SingleFlight<ScriptedStream> flight = flight(0);
        CompletableFuture<ScriptedStream> impatient = flight.acquire();
        CompletableFuture<ScriptedStream> patient = flight.acquire();

        impatient.cancel(true);

        assertThat(patient).isNotDone();
        assertThat(flight.waiters()).isEqualTo(1);
        ScriptedStream stream = new ScriptedStream();
        connects.get(0).complete(stream);
        assertThat(patient).succeedsWithin(WAIT).isSameAs(stream);
        CompletableFuture<ScriptedStream> later = flight.acquire();
        later.cancel(true);
        assertThat(flight.acquire()).succeedsWithin(WAIT).isSameAs(stream);
    }

    @Test
    void reconnects_afterInvalidateOfTheHeldValue_only() {
        SingleFlight<ScriptedStream> flight = flight(0);
        CompletableFuture<ScriptedStream> first = flight.acquire();
        ScriptedStream held = new ScriptedStream();
        connects.get(0).complete(held);
        assertThat(first).succeedsWithin(WAIT).isSameAs(held);

        assertThat(flight.invalidate(new ScriptedStream())).isFalse();
        assertThat(flight.acquire()).succeedsWithin(WAIT).isSameAs(held);
        assertThat(flight.connectAttempts()).isEqualTo(1);

        assertThat(flight.invalidate(held)).isTrue();
        assertThat(flight.hasLiveOrInFlight()).isFalse();
        CompletableFuture<ScriptedStream> next = flight.acquire();
        assertThat(flight.connectAttempts()).isEqualTo(2);
        ScriptedStream fresh = new ScriptedStream();
        connects.get(1).complete(fresh);
        assertThat(next).succeedsWithin(WAIT).isSameAs(fresh);
        assertThat(discarded).isEmpty();
    }

    @Test
    void failsWaitersAndLaterCallers_andDiscardsLateValue_whenClosedInFlight() {
        SingleFlight<ScriptedStream> flight = flight(0);
        List<CompletableFuture<ScriptedStream>> waiters = acquire(flight, 5);

        flight.close();

        waiters.forEach(waiter -> assertFailsWith(waiter, ClosedError.class));
        assertThat(scheduler.pendingTasks()).isZero();
        assertFailsWith(flight.acquire(), ClosedError.class);
        assertThat(flight.hasLiveOrInFlight()).isFalse();
        ScriptedStream late = new ScriptedStream();
        connects.get(0).complete(late);
        assertThat(discarded).containsExactly(late);
        assertThat(flight.connectAttempts()).isEqualTo(1);
    }

    @Test
    void discardsHeldValue_once_whenClosed() {
        SingleFlight<ScriptedStream> flight = flight(0);
        CompletableFuture<ScriptedStream> first = flight.acquire();
        ScriptedStream held = new ScriptedStream();
        connects.get(0).complete(held);
        assertThat(first).succeedsWithin(WAIT);
        assertThat(flight.hasLiveOrInFlight()).isTrue();

        flight.close();
        flight.close();

        assertThat(discarded).containsExactly(held);
        assertThat(held.isOpen()).isFalse();
        assertFailsWith(flight.acquire(), ClosedError.class);
        assertThat(flight.hasLiveOrInFlight()).isFalse();
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> new SingleFlight.Settings(Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SingleFlight.Settings(TIMEOUT, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SingleFlight.Settings(null, 0)).isInstanceOf(NullPointerException.class);
    }
}
