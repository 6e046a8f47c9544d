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
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeDecision;
import dev.hark.domain.session.Session;
import dev.hark.domain.transcript.Transcript;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * Who is attached to a session: the only owner of the client's channel and of the grace timer.
 * A drop detaches and starts the grace period (H15); a resume or takeover attaches a new
 * channel, tells the one it replaced (H11), and replays the outbox after the client's last seq
 * (H14); what goes to the client goes through here, so nothing is sent to a socket that is no
 * longer the session's. Lane-confined.
 */
final class ClientAttachment {

    private static final Logger LOG = System.getLogger(ClientAttachment.class.getName());

    private final Session session;
    private final SessionLifetime lifetime;
    private final SessionContext context;
    private final SessionLane lane;
    private final Consumer<String> end;
    private RecognitionInput recognition;
    /** The attached client's channel; null while detached. */
    private ClientChannelPort channel;
    private ScheduledTask graceTimer;

    /** @param end ends the session with a reason (exactly once; the session's own guard) */
    ClientAttachment(Session session, SessionLifetime lifetime, SessionContext context, SessionLane lane,
                     ClientChannelPort channel, Consumer<String> end) {
        this.session = session;
        this.lifetime = lifetime;
        this.context = context;
        this.lane = lane;
        this.channel = channel;
        this.end = end;
    }

    private ClientJournal journal = ClientJournal.NONE;

    void connect(RecognitionInput recognizerSide, ClientJournal clientJournal) {
        this.recognition = recognizerSide;
        this.journal = clientJournal;
    }

    /**
     * An adopted session (H33) waits detached for the resume that asked for it; should that
     * resume be refused, it ends after the grace period like any detached session.
     */
    void awaitResume() {
        assert lane.isCurrent();
        Generation detached = session.generation();
        graceTimer = lane.schedule(context.settings().gracePeriod(), "grace timer", () -> graceExpired(detached));
    }

    boolean attached() {
        return channel != null;
    }

    /** Sends to the attached client, if any. */
    void send(ServerMessage message) {
        if (channel != null) {
            channel.send(message);
        }
    }

    /** Takes the channel away for its last words: whoever closes it, it is no longer the session's. */
    ClientChannelPort detachForClose() {
        ClientChannelPort last = channel;
        channel = null;
        return last;
    }

    /**
     * The client socket went away without close_stream. A drop detaches and waits for a resume
     * (H15), and lets the recognizer stream go (H27); a protocol violation ends the session at
     * once, and so does any departure of a session that ends with its connection
     * ({@code /v1/listen}: its client cannot resume, so waiting would only hold a recognizer for nobody).
     */
    void gone(Generation stamped, ClientDeparture departure) {
        assert lane.isCurrent();
        if (session.state().isTerminal()) {
            return; // the socket closing after the session ended (normally, or with an error) is expected
        }
        if (!session.detach(stamped)) {
            lane.stale("client gone");
            return;
        }
        channel = null;
        if (departure instanceof ClientDeparture.Violated violated) {
            context.metrics().rejected(violated.reason());
            LOG.log(Level.INFO, "{0}: connection closed for a protocol violation ({1}); ending the session",
                    lane, violated.detail());
            end.accept(LiveSession.reasonOf(violated.reason()));
            return;
        }
        if (lifetime == SessionLifetime.ENDS_WITH_CONNECTION) {
            LOG.log(Level.INFO, "{0}: client went away; the session ends with its connection", lane);
            end.accept("connection_closed");
            return;
        }
        graceTimer = lane.schedule(context.settings().gracePeriod(), "grace timer", () -> graceExpired(stamped));
        LOG.log(Level.INFO, "{0}: client went away; detached for {1} s", lane, context.settings().gracePeriod().toSeconds());
        recognition.clientAway();
    }

    private void graceExpired(Generation stamped) {
        if (!session.isDetachedAs(stamped)) {
            lane.stale("grace timer of generation " + stamped);
            return;
        }
        LOG.log(Level.INFO, "{0}: grace period expired; ending session", lane);
        end.accept("grace_expired");
    }

    OpenOutcome resume(ResumeStreamCommand command, ClientChannelPort newChannel) {
        assert lane.isCurrent();
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
                LOG.log(Level.INFO, "{0}: resume from {1} refused: {2}", lane, command.clientAddress(), refused.error().code());
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
            LOG.log(Level.INFO, "{0}: generation {1} taken over by {2}", lane, resumed.replaced(), command.clientAddress());
        }
        cancelGraceTimer();
        channel = null; // until the client is told: finals meanwhile wait in the outbox, and are in this replay
        context.metrics().resumed();
        LOG.log(Level.INFO, "{0}: resumed by {1} after seq {2}", lane, command.clientAddress(), command.lastSeq());
        // H33: the new token is journaled before the client learns it (at once without a journal)
        journal.beforeTelling(() -> tell(resumed, newChannel, command));
        return new OpenOutcome.Opening(new StreamHandle(session.id(), resumed.generation()));
    }

    private void tell(ResumeDecision.Resumed resumed, ClientChannelPort newChannel, ResumeStreamCommand command) {
        if (!session.isCurrent(resumed.generation())) {
            lane.stale("resume answer of generation " + resumed.generation()); // gone or replaced meanwhile
            return;
        }
        channel = newChannel;
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
    }

    /** The session ended: no grace timer, and a channel still attached is closed normally. */
    void release() {
        cancelGraceTimer();
        ClientChannelPort last = detachForClose();
        if (last != null) {
            last.closeNormally();
        }
    }

    private void cancelGraceTimer() {
        if (graceTimer != null) {
            graceTimer.cancel();
            graceTimer = null;
        }
    }
}
