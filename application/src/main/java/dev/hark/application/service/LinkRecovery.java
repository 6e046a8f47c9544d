package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.ReconnectPolicy;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * What the recognizer link does after a failure (H23): a retryable one waits out the
 * {@link ReconnectPolicy}'s backoff in {@link LinkState.BackingOff} and then asks the session
 * whether to reconnect (it releases instead while nobody is attached, H27); too many quick
 * failures in a row, or one a new stream would not fix, end the link with a client-safe error
 * (after retryable ones, with the last one's retry hint).
 * Lane-confined.
 */
final class LinkRecovery {

    private static final Logger LOG = System.getLogger(LinkRecovery.class.getName());

    private final SessionContext context;
    private final SessionLane lane;
    private final RecognizerLink link;
    private final LinkOwner owner;
    private final ReconnectPolicy reconnects;

    LinkRecovery(SessionContext context, SessionLane lane, RecognizerLink link, LinkOwner owner,
                 long jitterSeed) {
        this.context = context;
        this.lane = lane;
        this.link = link;
        this.owner = owner;
        RecoverySettings recovery = context.settings().recovery();
        this.reconnects = new ReconnectPolicy(recovery.initialBackoff(), recovery.maxBackoff(),
                recovery.maxQuickFailures(), recovery.healthyAfter(), jitterSeed);
    }

    /** A connect attempt failed (every waiter already has the cause). */
    void connectFailed(LinkState.Connecting connecting, Throwable cause) {
        boolean retryable = cause instanceof RecognizerException typed && typed.isRetryable();
        context.metrics().recognizerFailed(cause instanceof RecognizerException typed
                ? typed.clientError().code() : ErrorCode.PROVIDER_ERROR, retryable);
        if (retryable) {
            backOff(connecting.epoch(), ReconnectPolicy.NEVER_OPENED, (RecognizerException) cause);
        } else {
            link.enter(new LinkState.Released()); // no stream; the session ends next
            owner.linkFailed(clientErrorOf(cause));
        }
    }

    /**
     * The current stream of {@code epoch}, open since {@code openedAtNanos}, failed: a retryable
     * failure aborts it and backs off, with replay after (H23); any other ends the link.
     */
    void streamFailed(long epoch, long openedAtNanos, RecognizerStream dead, RecognizerException failure) {
        LOG.log(Level.WARNING, lane + ": recognizer stream " + epoch + " failed", failure);
        context.metrics().recognizerFailed(failure.clientError().code(), failure.isRetryable());
        if (!failure.isRetryable()) {
            owner.linkFailed(failure.clientError());
            return;
        }
        owner.streamLost();
        LinkConnector.abortQuietly(dead, lane);
        backOff(epoch, openedAtNanos, failure);
    }

    /** The stream of {@code failedEpoch}, open since {@code openedAtNanos}, failed retryably and is aborted. */
    private void backOff(long failedEpoch, long openedAtNanos, RecognizerException failure) {
        switch (reconnects.next(openedAtNanos, context.ticker().nanoTime())) {
            case ReconnectPolicy.Decision.GiveUp giveUp -> {
                link.enter(new LinkState.Released());
                LOG.log(Level.WARNING, "{0}: recognizer failed {1} times in a row; giving up", lane, giveUp.failures());
                // the last failure's retry hint goes with it: the recognizer may well be back by then
                // (a cluster's store that was unreachable, a provider that rate-limited), H35
                owner.linkFailed(ClientError.retryable(ErrorCode.PROVIDER_ERROR, "the recognizer failed "
                        + giveUp.failures() + " times in a row: " + failure.clientError().message(),
                        failure.clientError().retryAfter()));
            }
            case ReconnectPolicy.Decision.Retry retry -> {
                context.metrics().providerReconnecting();
                LOG.log(Level.INFO, "{0}: reconnecting the recognizer in {1} ms (attempt {2})",
                        lane, retry.delay().toMillis(), retry.attempt());
                link.enter(new LinkState.BackingOff(failedEpoch, lane.schedule(retry.delay(),
                        "reconnect timer", () -> backoffOver(failedEpoch))));
            }
        }
    }

    private void backoffOver(long failedEpoch) {
        if (link.state() instanceof LinkState.BackingOff backingOff && backingOff.failedEpoch() == failedEpoch) {
            owner.reconnectDue();
        } else {
            lane.stale("reconnect timer for epoch " + failedEpoch);
        }
    }

    private ClientError clientErrorOf(Throwable cause) {
        if (cause instanceof RecognizerException recognizerFailure) {
            LOG.log(Level.WARNING, "{0}: recognizer refused: {1}", lane, recognizerFailure.getMessage());
            return recognizerFailure.clientError();
        }
        LOG.log(Level.ERROR, lane + ": recognizer could not be opened", cause);
        return ClientError.of(ErrorCode.PROVIDER_ERROR, "the recognizer could not be started");
    }
}
