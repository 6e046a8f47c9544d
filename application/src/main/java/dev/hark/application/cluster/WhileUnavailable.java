package dev.hark.application.cluster;

import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.application.port.outbound.store.Unavailable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Repeats a store call while it answers {@link Unavailable}, every {@code delay}, until a deadline on
 * the ticker; then the last answer stands. For clean-up writes that must land if the store comes
 * back soon (a store session nobody will use again), where giving up only costs keys that stay.
 */
final class WhileUnavailable {

    private final SchedulerPort scheduler;
    private final TickerPort ticker;
    private final Duration delay;

    WhileUnavailable(SchedulerPort scheduler, TickerPort ticker, Duration delay) {
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.delay = delay;
    }

    <T> CompletionStage<T> retry(Supplier<CompletionStage<T>> call, long deadlineNanos) {
        return call.get().thenCompose(outcome -> {
            if (!(outcome instanceof Unavailable) || ticker.nanoTime() - deadlineNanos > 0) {
                return CompletableFuture.completedFuture(outcome);
            }
            CompletableFuture<T> retried = new CompletableFuture<>();
            scheduler.schedule(delay, () -> retry(call, deadlineNanos).whenComplete((again, failure) -> {
                if (failure != null) {
                    retried.completeExceptionally(failure);
                } else {
                    retried.complete(again);
                }
            }));
            return retried;
        });
    }
}
