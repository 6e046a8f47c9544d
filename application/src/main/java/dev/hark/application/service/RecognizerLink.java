package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

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
 * stream, which is aborted. What the session makes of the link's news goes to {@link LinkOwner}.
 */
final class RecognizerLink {

    private static final Logger LOG = System.getLogger(RecognizerLink.class.getName());

    private final SessionContext context;
    private final SessionLane lane;
    private final LinkOwner owner;
    private final LinkRecovery recovery;
    private final String name;
    private final LinkLiveness liveness;
    private final LinkConnector connector;
    private boolean everOpened;
    /** Written on the lane; volatile only so stats may read it from any thread. */
    private volatile LinkState state = new LinkState.Released();

    RecognizerLink(SessionContext context, RecognizerStreamRequest request, SessionLane lane, LinkOwner owner) {
        this.context = context;
        this.lane = lane;
        this.owner = owner;
        this.name = lane.toString();
        this.liveness = new LinkLiveness(context, lane, this);
        this.recovery = new LinkRecovery(context, lane, this, owner, request.sessionId().hashCode());
        this.connector = new LinkConnector(context, request, lane, this, owner, recovery);
    }

    /**
     * The session's first stream opened on another gateway (an adopted session, H33): the next one
     * replays, and the session is not announced again.
     */
    void openedElsewhere() {
        everOpened = true;
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
        return state.holdsStream();
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
                yield connector.connect().copy();
            }
            case LinkState.Released released -> connector.connect().copy();
            case LinkState.Finished finished -> connector.connect().copy();
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
                LinkConnector.abortQuietly(open.stream(), lane);
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
        recovery.streamFailed(epoch, openedAt, dead, failure);
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
            case LinkState.Open open -> LinkConnector.abortQuietly(open.stream(), lane);
            case LinkState.Closing closing -> LinkConnector.abortQuietly(closing.stream(), lane);
            case LinkState.BackingOff backingOff -> backingOff.timer().cancel();
            case LinkState.Released released -> { }
            case LinkState.Finished finished -> { }
            case LinkState.Done done -> { }
        }
        liveness.stop();
    }

    // ---- connecting ------------------------------------------------------------------------

    /** For {@link LinkConnector} and {@link LinkRecovery}, the link's parts: the state they move to. */
    void enter(LinkState next) {
        state = next;
    }

    /** From {@link LinkConnector}: the awaited attempt produced a live stream. */
    void opened(LinkState.Connecting connecting, RecognizerStream stream) {
        boolean first = !everOpened;
        everOpened = true;
        state = new LinkState.Open(connecting.epoch(), stream, context.ticker().nanoTime());
        connecting.ready().complete(stream);
        liveness.start();
        LOG.log(Level.DEBUG, "{0}: recognizer stream {1} open", name, connecting.epoch());
        owner.streamOpened(first);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private RecognizerException ended() {
        return new RecognizerException(ClientError.of(ErrorCode.SESSION_NOT_FOUND, "the session has ended"));
    }
}
