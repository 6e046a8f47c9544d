package dev.hark.application.service;

import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.SessionLifetime;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.Session;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One running session, client side: it admits the client's messages ({@link ClientMessages}), coordinates its
 * {@link ClientAttachment} (who is attached) with its {@link RecognizerSide} (recognition), and
 * ends exactly once. The two halves talk only through {@link RecognitionInput} (audio and
 * control in) and {@link RecognitionOutput} (numbered transcripts, events, endings out): the
 * seam cluster mode puts a store between (docs/architecture.md, "The seam").
 *
 * <p>Lane rule: every method except {@link #lane()}, {@link #isAttached()} and
 * {@link #holdsRecognizerStream()} runs on {@link #lane}, so fields need no locks. Every event
 * arrives stamped (a client generation, a recognizer epoch, or a timer's generation) and passes
 * a guard before it touches anything; a stale event is counted and logged at debug, nothing
 * else (H1-H3). Work from elsewhere (a timer, a completed future) reaches the lane only through
 * {@link SessionLane#handOver}, so a failed hand-off is logged with the session and counted.
 */
final class LiveSession {

    private static final Logger LOG = System.getLogger(LiveSession.class.getName());

    private final Session session;
    private final SessionContext context;
    private final SessionLane lane;
    private final Consumer<LiveSession> onEnded;
    private final Consumer<LiveSession> onClosing;
    private final ClientAttachment client;
    private final RecognizerSide recognition;
    private final ClientMessages messages;
    /** How an orderly end goes out: {@code close_stream} from the client, or the drain's deadline (H29). */
    private OrderlyEnding ending = OrderlyEnding.CLIENT_CLOSED;

    /**
     * @param onEnded   the session has ended (it leaves the registry; a drain stops waiting for it)
     * @param onClosing an orderly close is about to tell the client {@code session.closed}: the
     *                  key's slot goes back now, so a client that opens its next session the moment
     *                  it hears that is admitted, while the session stays registered until it ends
     */
    private final ClientJournal journal;

    /**
     * @param channel   the attached client's, or null for a session adopted from another gateway's journal,
     *                  which waits detached for the resume that asked for it (H33)
     * @param origin    opened here, or adopted; in gateway role a resumable session's client side is journaled
     */
    LiveSession(Session session, SessionLifetime lifetime, ClientChannelPort channel, SessionContext context,
                Consumer<LiveSession> onEnded, Consumer<LiveSession> onClosing, SessionOrigin origin) {
        this.session = session;
        this.context = context;
        this.onEnded = onEnded;
        this.onClosing = onClosing;
        this.lane = new SessionLane(context.laneExecutor(), context.scheduler(), context.metrics(),
                "session " + session.id(), this::onLaneFailure);
        this.client = new ClientAttachment(session, lifetime, context, lane, channel, this::end);
        ClientDelivery delivery = new ClientDelivery(session, client, this::recognitionFinished, this::fail);
        WriteAheadJournal writeAhead = context.journaling()
                .filter(journaling -> lifetime == SessionLifetime.RESUMABLE)
                .map(journaling -> new WriteAheadJournal(session, journaling, context, lane, origin, delivery, this::fail))
                .orElse(null);
        this.journal = writeAhead == null ? ClientJournal.NONE : writeAhead;
        this.recognition = new RecognizerSide(session, context, lane, writeAhead == null ? delivery : writeAhead, origin);
        client.connect(recognition, journal);
        this.messages = new ClientMessages(session, context, lane, client, recognition, journal);
    }

    /** An adopted session (H33): detached until the resume that asked for it attaches, or the grace period ends. */
    void awaitResume() {
        client.awaitResume();
    }

    SessionLane lane() {
        return lane;
    }

    Session session() {
        return session;
    }

    /** Any thread: for stats. */
    boolean isAttached() {
        return session.isAttached();
    }

    /** Any thread: for stats. */
    boolean holdsRecognizerStream() {
        return recognition.holdsStream();
    }

    void start() {
        journal.beforeStart(recognition::start); // H33: the journal exists before any store session of it
    }

    /** The recognizer answered the close: the client hears it now, or on its resume (finals wait in the outbox). */
    private void recognitionFinished() {
        if (client.attached()) {
            finishClosed();
        } else {
            LOG.log(Level.INFO, "{0}: recognizer finished while detached; waiting for resume", this);
        }
    }

    // ---- client events -------------------------------------------------------------------

    /** The client's audio and control messages, admitted and passed on (see {@link ClientMessages}). */
    ClientMessages messages() {
        return messages;
    }

    /** See {@link ClientAttachment#gone}. */
    void clientGone(Generation stamped, ClientDeparture departure) {
        client.gone(stamped, departure);
    }

    OpenOutcome resume(ResumeStreamCommand command, ClientChannelPort newChannel) {
        return client.resume(command, newChannel);
    }

    // ---- drain (H29) ---------------------------------------------------------------------

    /**
     * Tells the attached client, if any, that the server is draining and how long it has: the
     * time left is read off the ticker now, so a client that resumes late in the drain hears what
     * is really left (the adapter turns it into a wall-clock deadline for the wire).
     */
    void notifyDraining(long deadlineNanos) {
        if (!session.state().isTerminal() && client.attached()) {
            long left = Math.max(0, deadlineNanos - context.ticker().nanoTime());
            client.send(new ServerMessage.ServerDraining(Duration.ofNanos(left)));
        }
    }

    /**
     * At the drain deadline: an attached session finishes as after {@code close_stream} (the
     * recognizer flushed, every final for the audio received delivered, then {@code session.closed}
     * with reason {@code server_draining} and close 1001); one already closing finishes as it was.
     * A detached one ends now ({@code drained_detached}), whatever its link: nobody here could
     * receive its finals, so a released session is not given a recognizer again just to decode
     * audio for no one (it stayed resumable until this deadline), and a stream it still holds
     * (opening, backing off, or finishing a {@code close_stream}) is released by {@link #end}.
     */
    void finishForDrain() {
        if (session.state().isTerminal()) {
            return;
        }
        if (!client.attached()) {
            LOG.log(Level.INFO, "{0}: detached at the drain deadline (recognizer link {1}); ending it",
                    this, recognition.linkState());
            end("drained_detached");
            return;
        }
        if (!session.beginClosing()) {
            return; // the client's own close_stream is under way
        }
        ending = OrderlyEnding.SERVER_DRAINING;
        recognition.close(); // opening, backing off or replaying: closed once a stream has caught up, as for close_stream
    }

    // ---- endings -------------------------------------------------------------------------

    private void finishClosed() {
        ClientChannelPort last = client.detachForClose();
        onClosing.accept(this);
        last.send(new ServerMessage.SessionClosed(ending.wireReason()));
        if (ending == OrderlyEnding.SERVER_DRAINING) {
            last.closeFor(ErrorCode.SERVER_SHUTTING_DOWN); // 1001 going away
        } else {
            last.closeNormally();
        }
        LOG.log(Level.INFO, "{0}: closed ({1}) after {2} finals", this, ending.wireReason(), session.lastFinalSeq());
        end(ending.wireReason());
    }

    /** Tells the attached client (if any) why, closes its socket, and ends the session. */
    void fail(ClientError error) {
        if (session.state().isTerminal()) {
            return;
        }
        context.metrics().rejected(error.code());
        ClientChannelPort told = client.detachForClose();
        try {
            if (told != null) {
                told.send(new ServerMessage.ErrorNotice(error));
                told.closeFor(error.code());
            }
        } finally {
            end(reasonOf(error.code())); // even if telling the client failed: the session must not outlive its failure
        }
    }

    /** Releases everything the session owns, exactly once (H13): recognizer, timers, buffers, socket, registry entry. */
    private void end(String reason) {
        if (!session.close()) {
            return;
        }
        context.metrics().sessionEnded(reason);
        recognition.end(); // the recognizer stream, the connect in flight, every timer of the recognizer side
        client.release(); // the grace timer, and a socket still attached
        journal.ended(); // nothing left to resume (left alone when another gateway holds it now)
        onEnded.accept(this);
    }

    /** The {@code reason} label of a session that ended with {@code code}. */
    static String reasonOf(ErrorCode code) {
        return code.name().toLowerCase(Locale.ROOT);
    }

    private void onLaneFailure(Throwable failure) {
        context.metrics().internalError();
        LOG.log(Level.ERROR, this + ": unexpected failure; ending session", failure);
        fail(ClientError.of(ErrorCode.INTERNAL_ERROR, "internal error in session " + session.id()));
    }

    @Override
    public String toString() {
        return "session " + session.id() + " gen " + session.generation();
    }
}
