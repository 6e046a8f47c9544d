package dev.hark.application.service;

import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.SessionLifetime;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.audio.AudioLedger;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.FrameVerdict;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeDecision;
import dev.hark.domain.session.Session;
import dev.hark.domain.session.SessionState;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One running session: the aggregate plus everything around it (the current client channel,
 * the recognizer link and its stream, buffered early audio, the grace timer).
 *
 * <p>Lane rule: every method except {@link #lane()}, {@link #isAttached()} and
 * {@link #hasProviderStream()} runs on {@link #lane}, so fields need no locks. Every event
 * arrives stamped (a client generation, a provider epoch, or a timer's generation) and passes
 * a guard before it touches anything; a stale event is counted and logged at debug, nothing
 * else (H1-H3). Work handed to the lane from elsewhere (a timer, a completed future) goes
 * through {@link #onLane}, so a failed hand-off is logged with the session and counted instead
 * of vanishing into a future nobody reads.
 *
 * <p>The recognizer stream is held only while a client is attached (H27): when the client
 * drops, the stream is released at once ({@link LinkState.Released}), and a resume opens one
 * stream again and replays what the ledger kept after the acknowledged watermark. Nothing is
 * lost (every final delivered is in the outbox, every sample no final covers is in the ledger),
 * and the utterance in progress is decoded whole by the next stream instead of being cut.
 */
final class LiveSession {

    private static final Logger LOG = System.getLogger(LiveSession.class.getName());
    private static final long NEVER = Long.MIN_VALUE;

    private final Session session;
    private final SessionLifetime lifetime;
    private final SessionContext context;
    private final SessionLane lane;
    private final AudioLedger ledger;
    private final long maxPendingSamples;
    private final Consumer<LiveSession> onEnded;
    private ClientChannelPort channel;
    /** The only owner of the recognizer stream. */
    private final RecognizerLink link;
    private ScheduledTask graceTimer;
    private boolean finalizeRequested;
    private boolean replayLimitReported;
    /** Chunking, replay, rebasing and backpressure of the audio to the current stream. */
    private final RecognizerFeed feed;
    /** How an orderly end goes out: {@code close_stream} from the client, or the drain's deadline (H29). */
    private OrderlyEnding ending = OrderlyEnding.CLIENT_CLOSED;
    /** Results of the current stream on their way to the client. */
    private final TranscriptPath transcripts;
    /** Ticker reading when audio began to be replayed into a new stream; {@link #NEVER} when no replay runs. */
    private long replayStartedNanos = NEVER;

    LiveSession(Session session, SessionLifetime lifetime, ClientChannelPort channel, SessionContext context,
                Consumer<LiveSession> onEnded) {
        this.session = session;
        this.lifetime = lifetime;
        this.channel = channel;
        this.context = context;
        this.onEnded = onEnded;
        this.lane = new SessionLane(context.laneExecutor(), context.scheduler(), context.metrics(),
                "session " + session.id(), this::onLaneFailure);
        SessionSettings settings = context.settings();
        this.maxPendingSamples = session.format().samplesFor(settings.maxPendingAudio().toMillis());
        this.ledger = new AudioLedger(session.format().samplesFor(settings.recovery().maxRetainedAudio().toMillis()));
        this.link = new RecognizerLink(context, new RecognizerStreamRequest(session.id(), session.options()), lane,
                new LinkEvents());
        this.feed = new RecognizerFeed(session, context, lane, ledger, this::onReplayCaughtUp, link);
        link.watch(feed);
        this.transcripts = new TranscriptPath(session, context, ledger, feed, () -> this.channel);
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
        return link.holdsStream();
    }

    // ---- recognizer stream -------------------------------------------------------------

    void start() {
        link.open();
    }

    /** What the session makes of its recognizer link's news; every call comes on the lane. */
    private final class LinkEvents implements RecognizerLink.Owner {

        @Override
        public RecognitionListener listenerFor(long epoch) {
            return new SessionRecognitionListener(LiveSession.this, epoch);
        }

        @Override
        public void streamOpened(boolean first) {
            onStreamOpened(first);
        }

        @Override
        public void streamLost() {
            feed.detach(); // what it held is in the ledger and will be replayed; reads go on meanwhile
            replayStartedNanos = NEVER;
        }

        @Override
        public void reconnectDue() {
            if (channel == null && session.state() == SessionState.ACTIVE) {
                link.release(); // nobody attached: open nothing now; a resume opens one stream and replays (H27)
            } else {
                link.open();
            }
        }

        @Override
        public void linkFailed(ClientError error) {
            fail(error);
        }
    }

    private void onStreamOpened(boolean firstStream) {
        if (firstStream) {
            session.activate(); // STARTING -> ACTIVE; a session the client already asked to close stays CLOSING
            if (channel != null) {
                // ready before announced (H18), and announced even when close_stream came first:
                // the client learns its session (and its finals follow) either way
                channel.send(new ServerMessage.SessionStarted(session.id(), session.resumeToken(), session.generation()));
            }
        }
        if (releaseIfDetached()) {
            return; // the client left while it opened
        }
        boolean closing = session.state() == SessionState.CLOSING;
        // early audio (H18) or, after a failure, everything not yet covered by a final (H23)
        feed.attach(!firstStream);
        if (!firstStream) {
            replayStartedNanos = context.ticker().nanoTime();
            if (!feed.isReplaying()) {
                replayDone(); // unpaced: everything was handed over at once
            }
        }
        if (!feed.isReplaying()) {
            applyDeferredRequests(closing);
        }
        // with a paced replay still running, finalize and close wait until it has caught up
    }

    /** Finalize or close that arrived while no stream (or only a replaying one) could take it. */
    private void applyDeferredRequests(boolean closing) {
        if (finalizeRequested) {
            finalizeRequested = false;
            feed.flush();
            link.finalizeUtterance();
        }
        if (closing) {
            closeProviderStream();
        }
    }

    private void onReplayCaughtUp() {
        replayDone();
        if (link.state() instanceof LinkState.Open) {
            applyDeferredRequests(session.state() == SessionState.CLOSING);
        }
    }

    /**
     * H27: with nobody attached the stream is released at once, so dropped clients hold no
     * decoder or upstream stream through their grace period. Aborting loses nothing: finals
     * delivered are in the outbox, and the audio no final covers yet stays in the ledger for the
     * stream a resume opens. (Closing it gracefully instead would force a final in the middle of
     * the utterance being spoken, which splits words and costs accuracy.) A session closing on
     * the client's request keeps its stream: it is finishing anyway.
     */
    private boolean releaseIfDetached() {
        if (channel != null || session.state() != SessionState.ACTIVE || !(link.state() instanceof LinkState.Open)) {
            return false;
        }
        link.release();
        feed.detach();
        replayStartedNanos = NEVER; // a replay it was catching up with is abandoned, not completed
        LOG.log(Level.INFO, "{0}: recognizer released, samples {1} to {2} kept for a resume",
                this, ledger.acknowledged(), ledger.received());
        return true;
    }

    /** Counts a replay's duration, once, when the stream that took it has caught up. */
    private void replayDone() {
        if (replayStartedNanos != NEVER) {
            context.metrics().replayCompleted(Duration.ofNanos(context.ticker().nanoTime() - replayStartedNanos));
            replayStartedNanos = NEVER;
        }
    }

    void onHypothesis(long epoch, Hypothesis hypothesis) {
        if (isCurrentProvider(epoch, "hypothesis")) {
            transcripts.hypothesis(hypothesis);
        }
    }

    void onSpeechEvent(long epoch, SpeechEvent event) {
        if (isCurrentProvider(epoch, "speech event")) {
            transcripts.speechEvent(event);
        }
    }

    void onRecognizerClosed(long epoch) {
        if (!isCurrentProvider(epoch, "recognizer close")) {
            return;
        }
        link.streamClosed();
        if (channel == null) {
            // detached while flushing: the finals wait in the outbox for a resume, until grace expiry
            LOG.log(Level.INFO, "{0}: recognizer finished while detached; waiting for resume", this);
            return;
        }
        finishClosed();
    }

    void onRecognizerFailed(long epoch, RecognizerException failure) {
        if (session.state().isTerminal()) {
            stale("recognizer failure of stream " + epoch);
            return;
        }
        link.streamFailed(epoch, failure);
    }

    private boolean isCurrentProvider(long epoch, String event) {
        if (session.state().isTerminal() || !link.isCurrent(epoch)) {
            stale(event + " of recognizer stream " + epoch);
            return false;
        }
        return true;
    }

    // ---- client events -------------------------------------------------------------------

    /** H24: {@code readNext} lets the client's next message in once this one is taken (or later, under backpressure). */
    void pushAudio(Generation stamped, byte[] pcm, Runnable readNext) {
        try {
            acceptFrame(stamped, pcm);
        } finally {
            feed.allowNextRead(readNext);
        }
    }

    private void acceptFrame(Generation stamped, byte[] pcm) {
        if (!admits(stamped, "audio")) {
            return;
        }
        if (!link.everOpened()
                && ledger.retainedSamples() + pcm.length / session.format().bytesPerFrame() > maxPendingSamples) {
            // refused before the clock moves, so the recognizer never misses audio the clock counts
            refuseFrame(ClientError.of(ErrorCode.AUDIO_BUFFER_FULL,
                    "audio is arriving faster than it can be buffered while the recognizer starts; frame dropped"));
            return;
        }
        switch (session.acceptAudio(pcm)) {
            case FrameVerdict.Refused refused -> refuseFrame(refused.error());
            case FrameVerdict.Accepted accepted -> forward(accepted.chunk());
        }
    }

    private void refuseFrame(ClientError error) {
        context.metrics().frameRefused(error.code());
        channel.send(new ServerMessage.ErrorNotice(error));
    }

    private void forward(PcmChunk chunk) {
        long released = ledger.retain(chunk);
        if (released > 0) {
            context.metrics().audioNotReplayable(released);
            if (!replayLimitReported) {
                replayLimitReported = true;
                channel.send(new ServerMessage.ErrorNotice(ClientError.of(ErrorCode.AUDIO_NOT_REPLAYABLE,
                        "recognition is more than " + context.settings().recovery().maxRetainedAudio().toSeconds()
                                + " s behind; the oldest audio can no longer be replayed if the recognizer fails")));
            }
        }
        feed.accept(chunk); // with no stream open, the ledger keeps it for the one that opens next
    }

    void onProgress(long epoch, long processedSamples) {
        if (session.state().isTerminal() || !link.isCurrent(epoch)) {
            return; // progress of a replaced stream is not worth a stale count
        }
        feed.onProgress(processedSamples);
    }

    void finalizeStream(Generation stamped, Runnable readNext) {
        try {
            if (!admits(stamped, "finalize")) {
                return;
            }
            if (link.state() instanceof LinkState.Open && !feed.isReplaying()) {
                feed.flush();
                link.finalizeUtterance();
            } else {
                finalizeRequested = true;
            }
        } finally {
            feed.allowNextRead(readNext);
        }
    }

    void closeStream(Generation stamped, Runnable readNext) {
        try {
            if (!admits(stamped, "close_stream") || !session.beginClosing()) {
                return;
            }
            if (link.state() instanceof LinkState.Open && !feed.isReplaying()) {
                closeProviderStream();
            }
            // still opening, replaying or released: carried out as soon as a stream has caught up
        } finally {
            feed.allowNextRead(readNext);
        }
    }

    /** Changes nothing but, like any client message, proves the attachment works (H25). */
    void keepAlive(Generation stamped, Runnable readNext) {
        try {
            admits(stamped, "keepalive");
        } finally {
            feed.allowNextRead(readNext);
        }
    }

    /** The rest of the audio, then the close, which the stream must answer (the watchdog waits for it). */
    private void closeProviderStream() {
        feed.flush();
        feed.expectAnswer();
        link.closeGracefully();
    }

    /**
     * The client socket went away without close_stream. A drop detaches and waits for a resume
     * (H15), and lets the recognizer stream go once it has decoded what it got (H27); a protocol
     * violation ends the session at once, and so does any departure of a session that ends with
     * its connection ({@code /v1/listen}: its client cannot resume, so waiting would only hold a
     * recognizer for nobody).
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
        releaseIfDetached();
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
        switch (link.state()) {
            case LinkState.Finished finished -> finishClosed();
            case LinkState.Released released -> link.open(); // one stream again; the ledger is replayed (H27)
            default -> { } // open or closing (under takeover), connecting or backing off: nothing to do
        }
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
     * receive its finals, so a {@link LinkState.Released} session is not given a recognizer again
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
                    this, link.state().getClass().getSimpleName());
            end("drained_detached");
            return;
        }
        if (!session.beginClosing()) {
            return; // the client's own close_stream is under way
        }
        ending = OrderlyEnding.SERVER_DRAINING;
        if (link.state() instanceof LinkState.Open && !feed.isReplaying()) {
            closeProviderStream();
        }
        // opening, backing off or replaying: closed as soon as a stream has caught up, as for close_stream
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
        feed.end();
        link.end(); // releases the stream, the connect in flight, and every timer of the link
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
