package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.ReconnectPolicy;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The only owner of a session's {@link RecognizerStream}: opens it (one in-flight connect that
 * every caller joins, bounded by a timeout, H6-H9), sends it audio, finalizes, closes, keeps it
 * alive and watches it (H23), releases it while the client is away (H27), backs off and
 * reconnects after a failure, and aborts every stream nobody can use any more (a late connect,
 * a replaced stream). Its state is one {@link LinkState}.
 *
 * <p>Lane-confined: every method runs on the session's lane (asserted), and everything that
 * happens elsewhere (a connect completing, a timer) is handed to the lane first and checked
 * against the state it was meant for, so a late or stale outcome changes nothing but its own
 * stream, which is aborted. What the session makes of the link's news goes to {@link Owner}.
 */
final class RecognizerLink {

    private static final Logger LOG = System.getLogger(RecognizerLink.class.getName());

    /** What the session does with the link's news; every call comes on the lane. */
    interface Owner {
        /** The listener for the stream of {@code epoch}; it hands events to the lane stamped with the epoch. */
        RecognitionListener listenerFor(long epoch);

        /** A stream opened and is current; {@code first} is true for the session's first. */
        void streamOpened(boolean first);

        /** The current stream is gone (failed or replaced); what it had not finished is in the ledger. */
        void streamLost();

        /** A backoff is over; the owner opens again ({@link #open}) or releases ({@link #release}). */
        void reconnectDue();

        /** The link cannot go on (a failure a new stream would not fix, or too many in a row). */
        void linkFailed(ClientError error);
    }

    private final SessionContext context;
    private final RecognizerStreamRequest request;
    private final SessionLane lane;
    private final Owner owner;
    private final ReconnectPolicy reconnects;
    private final String name;
    private final LinkLiveness liveness;
    private long epochs;
    private boolean everOpened;
    /** Written on the lane; volatile only so stats may read it from any thread. */
    private volatile LinkState state = new LinkState.Released();

    RecognizerLink(SessionContext context, RecognizerStreamRequest request, SessionLane lane, Owner owner) {
        this.context = context;
        this.request = request;
        this.lane = lane;
        this.owner = owner;
        this.name = lane.toString();
        this.liveness = new LinkLiveness(context, lane, this);
        RecoverySettings recovery = context.settings().recovery();
        this.reconnects = new ReconnectPolicy(recovery.initialBackoff(), recovery.maxBackoff(),
                recovery.maxQuickFailures(), recovery.healthyAfter(), request.sessionId().hashCode());
    }

    /** The feed whose signs of life drive keepalive and watchdog; set once, before the first stream opens. */
    void watch(LinkLiveness.Activity feedActivity) {
        liveness.watch(Objects.requireNonNull(feedActivity, "feedActivity"));
    }

    LinkState state() {
        return state;
    }

    /** Any thread: whether a stream is held or being opened (for the stats gauge). */
    boolean holdsStream() {
        return switch (state) {
            case LinkState.Connecting connecting -> true;
            case LinkState.Open open -> true;
            case LinkState.Closing closing -> true;
            case LinkState.BackingOff backingOff -> false;
            case LinkState.Released released -> false;
            case LinkState.Finished finished -> false;
            case LinkState.Done done -> false;
        };
    }

    /** Whether any stream of this session ever opened (early audio is bounded until one did, H18). */
    boolean everOpened() {
        assert lane.isCurrent();
        return everOpened;
    }

    /** Whether events of {@code epoch} are current: they come from the open (or closing) stream. */
    boolean isCurrent(long epoch) {
        assert lane.isCurrent();
        return switch (state) {
            case LinkState.Open open -> open.epoch() == epoch;
            case LinkState.Closing closing -> closing.epoch() == epoch;
            default -> false;
        };
    }

    /**
     * Opens the session's one stream, or joins the connect in flight (H6): every caller gets its
     * own copy of the one outcome, so cancelling it reaches nobody else.
     */
    CompletableFuture<RecognizerStream> open() {
        assert lane.isCurrent();
        return switch (state) {
            case LinkState.Connecting connecting -> connecting.ready().copy();
            case LinkState.Open open -> CompletableFuture.completedFuture(open.stream());
            case LinkState.Closing closing -> CompletableFuture.completedFuture(closing.stream());
            case LinkState.Done done -> CompletableFuture.failedFuture(ended());
            case LinkState.BackingOff backingOff -> {
                backingOff.timer().cancel();
                yield connect(1, new CompletableFuture<>(), null).copy();
            }
            case LinkState.Released released -> connect(1, new CompletableFuture<>(), null).copy();
            case LinkState.Finished finished -> connect(1, new CompletableFuture<>(), null).copy();
        };
    }

    /** Sends audio (already on the stream's clock) to the open stream; nothing otherwise. */
    void send(PcmChunk chunk) {
        if (state instanceof LinkState.Open open) {
            open.stream().sendAudio(chunk);
        }
    }

    /** The open stream threw from {@code sendAudio}: a failure of that stream, handled as the lane's next step. */
    void sendFailed(RuntimeException e) {
        if (state instanceof LinkState.Open open) {
            long epoch = open.epoch();
            RecognizerException failure = RecognizerException.retryable(ClientError.of(ErrorCode.PROVIDER_ERROR,
                    "the recognizer did not take audio"), e);
            lane.handOver("recognizer send failure", () -> streamFailed(epoch, failure));
        }
    }

    void finalizeUtterance() {
        assert lane.isCurrent();
        if (state instanceof LinkState.Open open) {
            open.stream().finalizeUtterance();
        }
    }

    /** Keeps the current stream open although no audio went to it for a while. */
    void keepAlive() {
        assert lane.isCurrent();
        switch (state) {
            case LinkState.Open open -> open.stream().keepAlive();
            case LinkState.Closing closing -> closing.stream().keepAlive();
            default -> { }
        }
    }

    /** Asks the open stream for its last finals and its close, which it must answer (the watchdog waits for it). */
    void closeGracefully() {
        assert lane.isCurrent();
        if (state instanceof LinkState.Open open) {
            state = new LinkState.Closing(open.epoch(), open.stream(), open.openedAtNanos());
            open.stream().closeGracefully();
        }
    }

    /** The closing stream answered: it is done, and the session may tell its client. */
    void streamClosed() {
        assert lane.isCurrent();
        state = new LinkState.Finished();
    }

    /**
     * H27: lets the stream go while nobody is attached (from Open, or when a backoff ends), so a
     * dropped client holds no decoder or upstream stream through its grace period. Aborting
     * loses nothing: finals delivered are in the outbox, and the audio no final covers stays in
     * the ledger for the stream a resume opens.
     */
    boolean release() {
        assert lane.isCurrent();
        switch (state) {
            case LinkState.Open open -> {
                state = new LinkState.Released();
                abortQuietly(open.stream());
                LOG.log(Level.INFO, "{0}: client away; recognizer stream {1} released", name, open.epoch());
            }
            case LinkState.BackingOff backingOff -> {
                backingOff.timer().cancel();
                state = new LinkState.Released();
                LOG.log(Level.INFO, "{0}: client away; recognizer not reopened until a resume", name);
            }
            default -> {
                return false;
            }
        }
        context.metrics().providerReleased();
        return true;
    }

    /**
     * A failure of the stream of {@code epoch} (its listener, a send, the watchdog): a retryable
     * one is replaced after a backoff, with replay (H23); any other ends the link.
     */
    void streamFailed(long epoch, RecognizerException failure) {
        assert lane.isCurrent();
        long openedAt;
        RecognizerStream dead;
        switch (state) {
            case LinkState.Open open when open.epoch() == epoch -> {
                openedAt = open.openedAtNanos();
                dead = open.stream();
            }
            case LinkState.Closing closing when closing.epoch() == epoch -> {
                openedAt = closing.openedAtNanos();
                dead = closing.stream();
            }
            default -> {
                lane.stale("failure of recognizer stream " + epoch);
                return;
            }
        }
        LOG.log(Level.WARNING, name + ": recognizer stream " + epoch + " failed", failure);
        context.metrics().recognizerFailed(failure.clientError().code(), failure.isRetryable());
        if (!failure.isRetryable()) {
            owner.linkFailed(failure.clientError());
            return;
        }
        owner.streamLost();
        abortQuietly(dead);
        backOff(epoch, openedAt, failure);
    }

    /** The session ended: the stream, the connect in flight and every timer go; nothing opens again. */
    void end() {
        assert lane.isCurrent();
        LinkState last = state;
        state = new LinkState.Done();
        switch (last) {
            case LinkState.Connecting connecting -> {
                connecting.timeout().cancel();
                connecting.ready().completeExceptionally(ended()); // the late stream is aborted when it comes
            }
            case LinkState.Open open -> abortQuietly(open.stream());
            case LinkState.Closing closing -> abortQuietly(closing.stream());
            case LinkState.BackingOff backingOff -> backingOff.timer().cancel();
            case LinkState.Released released -> { }
            case LinkState.Finished finished -> { }
            case LinkState.Done done -> { }
        }
        liveness.stop();
    }

    // ---- connecting ------------------------------------------------------------------------

    /** Starts attempt {@code attempt} for the waiters of {@code ready}; a retry keeps their timer (H8, H9). */
    private CompletableFuture<RecognizerStream> connect(int attempt, CompletableFuture<RecognizerStream> ready,
                                                        ScheduledTask timer) {
        long epoch = ++epochs;
        context.metrics().providerConnectAttempted();
        long asked = context.ticker().nanoTime();
        ScheduledTask timeout = timer != null ? timer : lane.schedule(
                context.settings().providerConnectTimeout(), "recognizer connect timeout", () -> timedOut(ready));
        state = new LinkState.Connecting(epoch, attempt, ready, timeout);
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
        if (!(state instanceof LinkState.Connecting connecting) || connecting.epoch() != epoch) {
            if (stream != null) {
                abortQuietly(stream); // timed out, ended or replaced meanwhile: nobody will use it
            }
            return;
        }
        if (failure != null) {
            connectFailed(connecting, unwrap(failure));
        } else if (!stream.isOpen()) { // H9: never hand out a dead stream
            abortQuietly(stream);
            if (connecting.attempt() == 1) {
                connect(2, connecting.ready(), connecting.timeout()); // once more, for the same waiters
            } else {
                connectFailed(connecting, new RecognizerException(ClientError.of(ErrorCode.PROVIDER_ERROR,
                        "the recognizer stream closed before it could be used, twice")));
            }
        } else {
            connecting.timeout().cancel();
            context.metrics().recognizerConnected(Duration.ofNanos(tookNanos));
            boolean first = !everOpened;
            everOpened = true;
            state = new LinkState.Open(epoch, stream, context.ticker().nanoTime());
            connecting.ready().complete(stream);
            liveness.start();
            LOG.log(Level.DEBUG, "{0}: recognizer stream {1} open", name, epoch);
            owner.streamOpened(first);
        }
    }

    private void timedOut(CompletableFuture<RecognizerStream> ready) {
        if (state instanceof LinkState.Connecting connecting && connecting.ready() == ready) {
            Duration timeout = context.settings().providerConnectTimeout();
            LOG.log(Level.INFO, "{0}: recognizer connect timed out after {1}", name, timeout);
            // the session fails with a retry hint: the client may try again, the session does not
            connectFailed(connecting, new RecognizerException(ClientError.retryable(ErrorCode.PROVIDER_TIMEOUT,
                    "the recognizer did not start within " + timeout.toMillis() + " ms",
                    context.settings().providerRetryAfter())));
        }
    }

    /** Every waiter fails with the same cause (H7); a retryable one backs off (also before the first stream, H18). */
    private void connectFailed(LinkState.Connecting connecting, Throwable cause) {
        connecting.timeout().cancel();
        connecting.ready().completeExceptionally(cause);
        boolean retryable = cause instanceof RecognizerException typed && typed.isRetryable();
        context.metrics().recognizerFailed(cause instanceof RecognizerException typed
                ? typed.clientError().code() : ErrorCode.PROVIDER_ERROR, retryable);
        if (retryable) {
            backOff(connecting.epoch(), ReconnectPolicy.NEVER_OPENED, (RecognizerException) cause);
        } else {
            state = new LinkState.Released(); // no stream; the session ends next
            owner.linkFailed(clientErrorOf(cause));
        }
    }

    private void backOff(long failedEpoch, long openedAtNanos, RecognizerException failure) {
        switch (reconnects.next(openedAtNanos, context.ticker().nanoTime())) {
            case ReconnectPolicy.Decision.GiveUp giveUp -> {
                state = new LinkState.Released();
                LOG.log(Level.WARNING, "{0}: recognizer failed {1} times in a row; giving up", name, giveUp.failures());
                owner.linkFailed(ClientError.of(ErrorCode.PROVIDER_ERROR, "the recognizer failed " + giveUp.failures()
                        + " times in a row: " + failure.clientError().message()));
            }
            case ReconnectPolicy.Decision.Retry retry -> {
                context.metrics().providerReconnecting();
                LOG.log(Level.INFO, "{0}: reconnecting the recognizer in {1} ms (attempt {2})",
                        name, retry.delay().toMillis(), retry.attempt());
                state = new LinkState.BackingOff(failedEpoch, lane.schedule(retry.delay(),
                        "reconnect timer", () -> backoffOver(failedEpoch)));
            }
        }
    }

    private void backoffOver(long failedEpoch) {
        if (state instanceof LinkState.BackingOff backingOff && backingOff.failedEpoch() == failedEpoch) {
            owner.reconnectDue();
        } else {
            lane.stale("reconnect timer for epoch " + failedEpoch);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------


    private RecognizerException ended() {
        return new RecognizerException(ClientError.of(ErrorCode.SESSION_NOT_FOUND, "the session has ended"));
    }

    private void abortQuietly(RecognizerStream stream) {
        try {
            stream.abort();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + ": aborting a recognizer stream failed", e);
        }
    }

    private ClientError clientErrorOf(Throwable cause) {
        if (cause instanceof RecognizerException recognizerFailure) {
            LOG.log(Level.WARNING, "{0}: recognizer refused: {1}", name, recognizerFailure.getMessage());
            return recognizerFailure.clientError();
        }
        LOG.log(Level.ERROR, name + ": recognizer could not be opened", cause);
        return ClientError.of(ErrorCode.PROVIDER_ERROR, "the recognizer could not be started");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
