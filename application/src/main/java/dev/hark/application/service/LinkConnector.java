package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@link LinkState.Connecting} part of the recognizer link: one connect attempt at a time
 * (H6), numbered by epoch so the events of every stream are stamped (H1); a timeout over the
 * whole wait (H8); a stream that opens after its attempt stopped being awaited (timed out,
 * ended) aborted at once (H8); one retry, for the same waiters and under the same timeout, of a
 * stream that is dead on arrival (H9). The outcome goes back to the {@link RecognizerLink}.
 * Lane-confined; the recognizer's future completes anywhere and is handed to the lane.
 */
final class LinkConnector {

    private static final Logger LOG = System.getLogger(LinkConnector.class.getName());

    private final SessionContext context;
    private final RecognizerStreamRequest request;
    private final SessionLane lane;
    private final RecognizerLink link;
    private final LinkOwner owner;
    private final LinkRecovery recovery;
    private long epochs;

    LinkConnector(SessionContext context, RecognizerStreamRequest request, SessionLane lane, RecognizerLink link,
                  LinkOwner owner, LinkRecovery recovery) {
        this.context = context;
        this.request = request;
        this.lane = lane;
        this.link = link;
        this.owner = owner;
        this.recovery = recovery;
    }

    /** Starts a first attempt; the returned future is the one outcome every caller joins. */
    CompletableFuture<RecognizerStream> connect() {
        return attempt(1, new CompletableFuture<>(), null);
    }

    /** Attempt {@code attempt} for the waiters of {@code ready}; a retry keeps their timer (H8, H9). */
    private CompletableFuture<RecognizerStream> attempt(int attempt, CompletableFuture<RecognizerStream> ready,
                                                        ScheduledTask timer) {
        long epoch = ++epochs;
        context.metrics().providerConnectAttempted();
        long asked = context.ticker().nanoTime();
        ScheduledTask timeout = timer != null ? timer : lane.schedule(
                context.settings().providerConnectTimeout(), "recognizer connect timeout", () -> timedOut(ready));
        link.enter(new LinkState.Connecting(epoch, attempt, ready, timeout));
        CompletableFuture<RecognizerStream> connecting;
        try {
            connecting = Objects.requireNonNull(context.recognizer().openStream(request, owner.listenerFor(epoch)),
                    "openStream returned null");
        } catch (RuntimeException e) { // a synchronous throw is a failed attempt (H7)
            connecting = CompletableFuture.failedFuture(e);
        }
        connecting.whenComplete((stream, failure) -> {
            long tookNanos = context.ticker().nanoTime() - asked;
            lane.handOver("recognizer open", () -> connected(epoch, stream, failure, tookNanos));
        });
        return ready;
    }

    /** The outcome of attempt {@code epoch}, on the lane; one that is no longer awaited is discarded (H8). */
    private void connected(long epoch, RecognizerStream stream, Throwable failure, long tookNanos) {
        if (!(link.state() instanceof LinkState.Connecting connecting) || connecting.epoch() != epoch) {
            if (stream != null) {
                abortQuietly(stream, lane); // timed out, ended or replaced meanwhile: nobody will use it
            }
            return;
        }
        if (failure != null) {
            failed(connecting, unwrap(failure));
        } else if (!stream.isOpen()) { // H9: never hand out a dead stream
            abortQuietly(stream, lane);
            if (connecting.attempt() == 1) {
                attempt(2, connecting.ready(), connecting.timeout()); // once more, for the same waiters
            } else {
                failed(connecting, new RecognizerException(ClientError.of(ErrorCode.PROVIDER_ERROR,
                        "the recognizer stream closed before it could be used, twice")));
            }
        } else {
            connecting.timeout().cancel();
            context.metrics().recognizerConnected(Duration.ofNanos(tookNanos));
            link.opened(connecting, stream);
        }
    }

    private void timedOut(CompletableFuture<RecognizerStream> ready) {
        if (link.state() instanceof LinkState.Connecting connecting && connecting.ready() == ready) {
            Duration timeout = context.settings().providerConnectTimeout();
            LOG.log(Level.INFO, "{0}: recognizer connect timed out after {1}", lane, timeout);
            // the session fails with a retry hint: the client may try again, the session does not
            failed(connecting, new RecognizerException(ClientError.retryable(ErrorCode.PROVIDER_TIMEOUT,
                    "the recognizer did not start within " + timeout.toMillis() + " ms",
                    context.settings().providerRetryAfter())));
        }
    }

    /** Every waiter fails with the same cause (H7); what comes of it is {@link LinkRecovery}'s decision. */
    private void failed(LinkState.Connecting connecting, Throwable cause) {
        connecting.timeout().cancel();
        connecting.ready().completeExceptionally(cause);
        recovery.connectFailed(connecting, cause);
    }

    static void abortQuietly(RecognizerStream stream, SessionLane lane) {
        try {
            stream.abort();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, lane + ": aborting a recognizer stream failed", e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
