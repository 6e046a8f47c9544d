package dev.hark.application.service;

import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.SessionLifetime;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.FrameVerdict;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeDecision;
import dev.hark.domain.session.Session;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One running session, client side: the aggregate, the attached client's channel (admission of
 * its messages, detach and grace, resume and takeover, the outbox replay), the drain, and ending
 * exactly once. Recognition is the {@link RecognizerSide}'s job; the two halves talk only
 * through {@link RecognitionInput} (audio and control in) and {@link RecognitionOutput}
 * (numbered transcripts, events, endings out): the seam cluster mode puts a store between.
 *
 * <p>Lane rule: every method except {@link #lane()}, {@link #isAttached()} and
 * {@link #hasProviderStream()} runs on {@link #lane}, so fields need no locks. Every event
 * arrives stamped (a client generation, a recognizer epoch, or a timer's generation) and passes
 * a guard before it touches anything; a stale event is counted and logged at debug, nothing
 * else (H1-H3). Work from elsewhere (a timer, a completed future) reaches the lane only through
 * {@link SessionLane#handOver}, so a failed hand-off is logged with the session and counted.
 *
 * <p>The recognizer stream is held only while a client is attached (H27): when the client
 * drops, the stream is released at once, and a resume opens one stream again and replays what
 * the ledger kept after the acknowledged watermark. Nothing is lost (every final delivered is in
 * the outbox, every sample no final covers is in the ledger).
 */
final class LiveSession {

    private static final Logger LOG = System.getLogger(LiveSession.class.getName());

    private final Session session;
    private final SessionLifetime lifetime;
    private final SessionContext context;
    private final SessionLane lane;
    private final Consumer<LiveSession> onEnded;
    /** The recognizer half, reached only through the seam. */
    private final RecognizerSide recognition;
    /** The attached client's channel; null while detached. */
    private ClientChannelPort channel;
    private ScheduledTask graceTimer;
    /** How an orderly end goes out: {@code close_stream} from the client, or the drain's deadline (H29). */
    private OrderlyEnding ending = OrderlyEnding.CLIENT_CLOSED;

    LiveSession(Session session, SessionLifetime lifetime, ClientChannelPort channel, SessionContext context,
                Consumer<LiveSession> onEnded) {
        this.session = session;
        this.lifetime = lifetime;
        this.channel = channel;
        this.context = context;
        this.onEnded = onEnded;
        this.lane = new SessionLane(context.laneExecutor(), context.scheduler(), context.metrics(),
                "session " + session.id(), this::onLaneFailure);
        this.recognition = new RecognizerSide(session, context, lane, new ClientDelivery());
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
    boolean hasProviderStream() {
        return recognition.holdsStream();
    }

    void start() {
        recognition.start();
    }

    /** The client side of the seam: what the recognizer side's news means for the attached client. */
    private final class ClientDelivery implements RecognitionOutput {

        @Override
        public void started() {
            session.activate(); // STARTING -> ACTIVE; a session the client already asked to close stays CLOSING
            if (channel != null) {
                // ready before announced (H18), and announced even when close_stream came first:
                // the client learns its session (and its finals follow) either way
                channel.send(new ServerMessage.SessionStarted(session.id(), session.resumeToken(), session.generation()));
            }
        }

        @Override
        public void transcript(Transcript transcript) {
            if (channel != null) {
                channel.send(new ServerMessage.TranscriptUpdate(transcript, session.format(), session.samplesReceived()));
            }
        }

        @Override
        public void speechEvent(SpeechEvent event) {
            if (channel != null) {
                channel.send(new ServerMessage.SpeechEventNotice(event, session.format()));
            }
        }

        @Override
        public void notice(ClientError warning) {
            if (channel != null) {
                channel.send(new ServerMessage.ErrorNotice(warning));
            }
        }

        @Override
        public void finished() {
            if (channel == null) {
                // detached while flushing: the finals wait in the outbox for a resume, until grace expiry
                LOG.log(Level.INFO, "{0}: recognizer finished while detached; waiting for resume", LiveSession.this);
                return;
            }
            finishClosed();
        }

        @Override
        public void failed(ClientError error) {
            fail(error);
        }
    }

    // ---- client events -------------------------------------------------------------------

    /** H24: {@code readNext} lets the client's next message in once this one is taken (or later, under backpressure). */
    void pushAudio(Generation stamped, byte[] pcm, Runnable readNext) {
        try {
            if (!admits(stamped, "audio")) {
                return;
            }
            if (recognition.earlyAudioFull(pcm.length / session.format().bytesPerFrame())) {
                // refused before the clock moves, so the recognizer never misses audio the clock counts
                refuseFrame(ClientError.of(ErrorCode.AUDIO_BUFFER_FULL,
                        "audio is arriving faster than it can be buffered while the recognizer starts; frame dropped"));
                return;
            }
            switch (session.acceptAudio(pcm)) {
                case FrameVerdict.Refused refused -> refuseFrame(refused.error());
                case FrameVerdict.Accepted accepted -> recognition.audio(accepted.chunk());
            }
        } finally {
            recognition.allowNextRead(readNext);
        }
    }

    private void refuseFrame(ClientError error) {
        context.metrics().frameRefused(error.code());
        channel.send(new ServerMessage.ErrorNotice(error));
    }

    void finalizeStream(Generation stamped, Runnable readNext) {
        try {
            if (admits(stamped, "finalize")) {
                recognition.finalizeUtterance();
            }
        } finally {
            recognition.allowNextRead(readNext);
        }
    }

    void closeStream(Generation stamped, Runnable readNext) {
        try {
            if (admits(stamped, "close_stream") && session.beginClosing()) {
                recognition.close();
            }
        } finally {
            recognition.allowNextRead(readNext);
        }
    }

    /** Changes nothing but, like any client message, proves the attachment works (H25). */
    void keepAlive(Generation stamped, Runnable readNext) {
        try {
            admits(stamped, "keepalive");
        } finally {
            recognition.allowNextRead(readNext);
        }
    }

    /**
     * The client socket went away without close_stream. A drop detaches and waits for a resume
     * (H15), and lets the recognizer stream go (H27); a protocol violation ends the session at
     * once, and so does any departure of a session that ends with its connection
     * ({@code /v1/listen}: its client cannot resume, so waiting would only hold a recognizer for nobody).
     */
    void clientGone(Generation stamped, ClientDeparture departure) {
        if (session.state().isTerminal()) {
            return; // the socket closing after the session ended (normally, or with an error) is expected
        }
        if (!session.detach(stamped)) {
            stale("client gone");
            return;
        }
        channel = null;
        if (departure instanceof ClientDeparture.Violated violated) {
            context.metrics().rejected(violated.reason());
            LOG.log(Level.INFO, "{0}: connection closed for a protocol violation ({1}); ending the session",
                    this, violated.detail());
            end(reasonOf(violated.reason()));
            return;
        }
        if (lifetime == SessionLifetime.ENDS_WITH_CONNECTION) {
            LOG.log(Level.INFO, "{0}: client went away; the session ends with its connection", this);
            end("connection_closed");
            return;
        }
        Generation detached = stamped;
        graceTimer = lane.schedule(context.settings().gracePeriod(), "grace timer", () -> graceExpired(detached));
        LOG.log(Level.INFO, "{0}: client went away; detached for {1} s", this, context.settings().gracePeriod().toSeconds());
        recognition.clientAway();
    }

    void graceExpired(Generation stamped) {
        if (!session.isDetachedAs(stamped)) {
            stale("grace timer of generation " + stamped);
            return;
        }
        LOG.log(Level.INFO, "{0}: grace period expired; ending session", this);
        end("grace_expired");
    }

    OpenOutcome resume(ResumeStreamCommand command, ClientChannelPort newChannel) {
        if (lifetime == SessionLifetime.ENDS_WITH_CONNECTION) {
            context.metrics().rejected(ErrorCode.SESSION_NOT_FOUND);
            return new OpenOutcome.Refused(ClientError.of(ErrorCode.SESSION_NOT_FOUND,
                    "session " + session.id() + " cannot be resumed"));
        }
        ClientChannelPort previous = channel;
        ResumeDecision decision = session.resume(command.presentedToken(), command.lastSeq(),
                context.secrets().newResumeToken(), context.ticker().nanoTime(), context.settings().resumeRules());
        return switch (decision) {
            case ResumeDecision.Refused refused -> {
                context.metrics().rejected(refused.error().code());
                LOG.log(Level.INFO, "{0}: resume from {1} refused: {2}", this, command.clientAddress(), refused.error().code());
                yield new OpenOutcome.Refused(refused.error());
            }
            case ResumeDecision.Resumed resumed -> attach(resumed, previous, newChannel, command);
        };
    }

    private OpenOutcome attach(ResumeDecision.Resumed resumed, ClientChannelPort previous,
                               ClientChannelPort newChannel, ResumeStreamCommand command) {
        if (resumed.tookOver() && previous != null) {
            ClientError takenOver = ClientError.of(ErrorCode.SESSION_TAKEN_OVER,
                    "another client took over session " + session.id());
            previous.send(new ServerMessage.ErrorNotice(takenOver));
            previous.closeFor(ErrorCode.SESSION_TAKEN_OVER);
            context.metrics().rejected(ErrorCode.SESSION_TAKEN_OVER);
            LOG.log(Level.INFO, "{0}: generation {1} taken over by {2}", this, resumed.replaced(), command.clientAddress());
        }
        cancelGraceTimer();
        channel = newChannel;
        context.metrics().resumed();
        LOG.log(Level.INFO, "{0}: resumed by {1} after seq {2}", this, command.clientAddress(), command.lastSeq());
        newChannel.send(new ServerMessage.SessionResumed(session.id(), resumed.generation(), session.resumeToken(),
                session.samplesReceived(), session.format()));
        if (resumed.expiredSeqs() > 0) {
            context.metrics().finalsExpired(resumed.expiredSeqs());
            newChannel.send(new ServerMessage.ErrorNotice(ClientError.of(ErrorCode.FINALS_EXPIRED,
                    resumed.expiredSeqs() + " finals after seq " + command.lastSeq() + " are no longer retained")));
        }
        for (Transcript transcript : resumed.replay()) {
            newChannel.send(new ServerMessage.TranscriptUpdate(transcript, session.format(), session.samplesReceived()));
        }
        recognition.clientBack(); // a released stream opens again with replay; a finished one closes now
        return new OpenOutcome.Opening(new StreamHandle(session.id(), resumed.generation()));
    }

    // ---- drain (H29) ---------------------------------------------------------------------

    /**
     * Tells the attached client, if any, that the server is draining and how long it has: the
     * time left is read off the ticker now, so a client that resumes late in the drain hears what
     * is really left (the adapter turns it into a wall-clock deadline for the wire).
     */
    void notifyDraining(long deadlineNanos) {
        if (!session.state().isTerminal() && channel != null) {
            long left = Math.max(0, deadlineNanos - context.ticker().nanoTime());
            channel.send(new ServerMessage.ServerDraining(Duration.ofNanos(left)));
        }
    }

    /**
     * At the drain deadline: an attached session finishes as after {@code close_stream} (the
     * recognizer flushed, every final for the audio received delivered, then {@code session.closed}
     * with reason {@code server_draining} and close 1001); one already closing finishes as it was.
     * A detached one ends now ({@code drained_detached}), whatever its link: nobody here could
     * receive its finals, so a released session is not given a recognizer again
     * just to decode audio for no one (it stayed resumable until this deadline), and a stream it
     * still holds (opening, backing off, or finishing a {@code close_stream}) is released by
     * {@link #end}.
     */
    void finishForDrain() {
        if (session.state().isTerminal()) {
            return;
        }
        if (channel == null) {
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
        channel.send(new ServerMessage.SessionClosed(ending.wireReason()));
        if (ending == OrderlyEnding.SERVER_DRAINING) {
            channel.closeFor(ErrorCode.SERVER_SHUTTING_DOWN); // 1001 going away
        } else {
            channel.closeNormally();
        }
        channel = null;
        LOG.log(Level.INFO, "{0}: closed ({1}) after {2} finals", this, ending.wireReason(), session.lastFinalSeq());
        end(ending.wireReason());
    }

    /** Tells the attached client (if any) why, closes its socket, and ends the session. */
    void fail(ClientError error) {
        if (session.state().isTerminal()) {
            return;
        }
        context.metrics().rejected(error.code());
        ClientChannelPort told = channel;
        channel = null;
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
        cancelGraceTimer();
        recognition.end(); // the recognizer stream, the connect in flight, every timer of the recognizer side
        if (channel != null) {
            channel.closeNormally();
            channel = null;
        }
        onEnded.accept(this);
    }

    /** The {@code reason} label of a session that ended with {@code code}. */
    private static String reasonOf(ErrorCode code) {
        return code.name().toLowerCase(Locale.ROOT);
    }

    private void cancelGraceTimer() {
        if (graceTimer != null) {
            graceTimer.cancel();
            graceTimer = null;
        }
    }

    /** The guard of every client message; a message of the current attachment also commits its token (H25). */
    private boolean admits(Generation stamped, String event) {
        if (session.admitClientMessage(stamped)) {
            return true;
        }
        stale(event + " of generation " + stamped);
        return false;
    }

    private void stale(String what) {
        context.metrics().staleEventIgnored();
        LOG.log(Level.DEBUG, "{0}: stale {1} ignored", this, what);
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
