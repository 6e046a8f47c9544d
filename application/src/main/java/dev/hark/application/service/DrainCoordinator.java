package dev.hark.application.service;

import dev.hark.application.port.inbound.DrainStatusQuery;
import dev.hark.application.port.inbound.DrainUseCase;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a graceful drain (H29) in three timed steps, each logged with how long it took:
 * <ol>
 * <li>stop admitting (new sessions get {@code SERVER_DRAINING} with {@code retry_after_ms}) and
 *     tell attached clients the deadline ({@code server.draining});</li>
 * <li>wait until every session has ended or {@code timeout} has passed; then finalize whoever is
 *     left, so each gets every final for the audio it sent;</li>
 * <li>wait until they have ended or {@code finalizeTimeout} has passed; end stragglers with
 *     {@code SERVER_SHUTTING_DOWN}.</li>
 * </ol>
 * Timers run on the injected scheduler; the deadline and every elapsed time are measured on the
 * monotonic ticker (a wall-clock step during a deploy must not cut a drain short or stretch it).
 */
public final class DrainCoordinator implements DrainUseCase, DrainStatusQuery {

    private static final Logger LOG = System.getLogger(DrainCoordinator.class.getName());

    private final StreamingSessionService sessions;
    private final SchedulerPort scheduler;
    private final TickerPort ticker;
    private final DrainSettings settings;
    private final AtomicReference<CompletableFuture<DrainReport>> started = new AtomicReference<>();

    public DrainCoordinator(StreamingSessionService sessions, SchedulerPort scheduler, TickerPort ticker,
                            DrainSettings settings) {
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.settings = settings;
    }

    @Override
    public boolean draining() {
        return started.get() != null;
    }

    @Override
    public CompletionStage<DrainReport> drain() {
        CompletableFuture<DrainReport> report = new CompletableFuture<>();
        if (!started.compareAndSet(null, report)) {
            return started.get().copy();
        }
        long begun = ticker.nanoTime();
        int atStart = sessions.activeSessions();
        LOG.log(Level.INFO, "drain: started with {0} sessions; new sessions refused; deadline in {1} ms",
                atStart, settings.timeout().toMillis());
        sessions.beginDrain(begun + settings.timeout().toNanos(),
                ClientError.retryable(ErrorCode.SERVER_DRAINING,
                        "the server is shutting down and takes no new sessions; connect again", settings.retryAfter()));
        within(sessions.whenNoSessions(), settings.timeout()).thenCompose(allEnded -> {
            if (allEnded) {
                LOG.log(Level.INFO, "drain: every session ended after {0} ms", elapsedMillis(begun));
                return CompletableFuture.completedFuture(new DrainReport(atStart, atStart, 0, 0));
            }
            int atDeadline = sessions.activeSessions();
            LOG.log(Level.INFO, "drain: deadline reached after {0} ms; finalizing {1} sessions", elapsedMillis(begun),
                    atDeadline);
            sessions.finalizeAllForDrain();
            return within(sessions.whenNoSessions(), settings.finalizeTimeout()).thenApply(finalized -> {
                int forced = finalized ? 0 : sessions.activeSessions();
                if (forced > 0) {
                    LOG.log(Level.WARNING, "drain: {0} sessions did not finish within {1} ms; ending them", forced,
                            settings.finalizeTimeout().toMillis());
                    sessions.endAll(ClientError.of(ErrorCode.SERVER_SHUTTING_DOWN, "the server is shutting down"));
                }
                return new DrainReport(atStart, atStart - atDeadline, atDeadline - forced, forced);
            });
        }).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.log(Level.ERROR, "drain failed", failure);
                report.completeExceptionally(failure);
            } else {
                LOG.log(Level.INFO, "drain: done after {0} ms: {1}", elapsedMillis(begun), done);
                report.complete(done);
            }
        });
        return report.copy();
    }

    /** True when {@code done} completes within {@code bound}, false when the bound passes first. */
    private CompletableFuture<Boolean> within(CompletableFuture<Void> done, Duration bound) {
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        SchedulerPort.ScheduledTask timer = scheduler.schedule(bound, () -> outcome.complete(false));
        done.thenRun(() -> {
            timer.cancel();
            outcome.complete(true);
        });
        return outcome;
    }

    private long elapsedMillis(long sinceNanos) {
        return Duration.ofNanos(ticker.nanoTime() - sinceNanos).toMillis();
    }
}
