package dev.hark.application.service;

import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the waiters of one {@link SingleFlight} flight share: the one outcome, the count of
 * callers still waiting for it, and the connect timer. A flight spans the attempt that started
 * it and its retry (H9), so its waiters and its timeout carry over.
 *
 * <p>Invariants: {@link #outcome} is completed once, by whoever won the state transition in
 * {@link SingleFlight}; the timer is cancelled whenever the outcome is completed, whichever of
 * {@link #startTimer} and completion runs first (both sides use volatile reads, so at least one
 * sees the other).
 */
final class Flight<T> {

    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final AtomicInteger waiters = new AtomicInteger();
    private volatile ScheduledTask timer;

    /**
     * Joins the flight unless {@code maxWaiters} (0 = unlimited) callers already wait, in which
     * case the caller fails fast and the flight is untouched (H8). The caller gets a copy, so its
     * {@code cancel} can't reach the others; a cancelled copy frees its place.
     */
    CompletableFuture<T> join(int maxWaiters, Supplier<RuntimeException> waiterLimitError) {
        int current;
        do {
            current = waiters.get();
            if (maxWaiters > 0 && current >= maxWaiters) {
                return CompletableFuture.failedFuture(waiterLimitError.get());
            }
        } while (!waiters.compareAndSet(current, current + 1));
        CompletableFuture<T> copy = outcome.copy();
        copy.whenComplete((value, failure) -> waiters.decrementAndGet());
        return copy;
    }

    int waiters() {
        return waiters.get();
    }

    void startTimer(SchedulerPort scheduler, Duration timeout, Runnable onTimeout) {
        timer = scheduler.schedule(timeout, onTimeout);
        if (outcome.isDone()) {
            timer.cancel();
        }
    }

    void succeed(T value) {
        outcome.complete(value);
        cancelTimer();
    }

    /** Every waiter fails with the same {@code error} as the cause (H7). */
    void fail(Throwable error) {
        outcome.completeExceptionally(error);
        cancelTimer();
    }

    private void cancelTimer() {
        ScheduledTask scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel();
        }
    }
}
