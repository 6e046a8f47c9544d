package dev.hark.application.service;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.SessionLifetime;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.RecognizerException;
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
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One running session: the aggregate plus everything around it (the current client channel,
 * the recognizer stream, buffered early audio, the grace timer).
 *
 * <p>Lane rule: every method except {@link #lane()}, {@link #isAttached()} and
 * {@link #hasProviderStream()} runs on {@link #lane}, so fields need no locks. Every event
 * arrives stamped (a client generation, a provider epoch, or a timer's generation) and passes
 * a guard before it touches anything; a stale event is counted and logged, nothing else (H1-H3).
 */
final class LiveSession {

    private static final Logger LOG = System.getLogger(LiveSession.class.getName());

    private final Session session;
    private final SessionLifetime lifetime;
    private final SessionContext context;
    private final SerialLane lane;
    private final AudioLedger ledger;
    private final long maxPendingSamples;
    private final SingleFlight<ProviderHandle> providerFlight;
    private final AtomicLong epochs = new AtomicLong();
    private final Consumer<LiveSession> onEnded;
    private ClientChannelPort channel;
    private ProviderHandle provider;
    private ScheduledTask graceTimer;
    private boolean finalizeRequested;
    private boolean recognizerFinished;
    /** End of the last final delivered, on the session clock; replayed finals up to it are dropped. */
    private long deliveredThrough;
    private Instant providerOpenedAt;
    private int quickFailures;
    private boolean reconnecting;
    private long failedEpoch;
    private ScheduledTask reconnectTimer;
    private boolean replayLimitReported;
    private ScheduledTask livenessTimer;
    /** Chunking, replay, rebasing and backpressure of the audio to the current stream. */
    private final RecognizerFeed feed;

    LiveSession(Session session, SessionLifetime lifetime, ClientChannelPort channel, SessionContext context,
                Consumer<LiveSession> onEnded) {
        this.session = session;
        this.lifetime = lifetime;
        this.channel = channel;
        this.context = context;
        this.onEnded = onEnded;
        this.lane = new SerialLane(context.laneExecutor(), this::onLaneFailure);
        SessionSettings settings = context.settings();
        this.maxPendingSamples = session.format().samplesFor(settings.maxPendingAudio().toMillis());
        this.ledger = new AudioLedger(session.format().samplesFor(settings.recovery().maxRetainedAudio().toMillis()));
        this.feed = new RecognizerFeed(session, context, lane, ledger, this::onReplayCaughtUp);
        this.providerFlight = new SingleFlight<>("recognizer for session " + session.id(), this::connectProvider,
                ProviderHandle::isOpen, ProviderHandle::abort, context.scheduler(),
                new SingleFlight.Settings(settings.providerConnectTimeout(), settings.providerMaxWaiters()),
                () -> new RecognizerException(ClientError.retryable(ErrorCode.PROVIDER_TIMEOUT,
                        "the recognizer did not start within " + settings.providerConnectTimeout().toMillis() + " ms",
                        settings.providerRetryAfter())),
                () -> new RecognizerException(ClientError.retryable(ErrorCode.CAPACITY_EXHAUSTED,
                        "too many requests are waiting for the recognizer", settings.providerRetryAfter())),
                () -> new RecognizerException(ClientError.of(ErrorCode.SESSION_NOT_FOUND, "the session has ended")));
    }

    SerialLane lane() {
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
        return providerFlight.hasLiveOrInFlight();
    }

    // ---- recognizer stream -------------------------------------------------------------

    void start() {
        providerFlight.acquire().whenComplete((handle, failure) -> lane.execute(() -> onProviderReady(handle, failure)));
    }

    private CompletableFuture<ProviderHandle> connectProvider() {
        long epoch = epochs.incrementAndGet();
        context.metrics().providerConnectAttempted();
        return context.recognizer()
                .openStream(new RecognizerStreamRequest(session.id(), session.options()),
                        new SessionRecognitionListener(this, epoch))
                .thenApply(stream -> new ProviderHandle(epoch, stream));
    }

    private void onProviderReady(ProviderHandle handle, Throwable failure) {
        if (session.state().isTerminal()) {
            if (handle != null) {
                handle.abort();
            }
            return;
        }
        if (failure != null) {
            if (unwrap(failure) instanceof RecognizerException e && e.isRetryable()) {
                // also before the first stream opened (a provider answering 429 or 503): the
                // early audio waits in the ledger and the client is announced once one opens
                reconnecting = true;
                scheduleReconnect(e);
            } else {
                fail(clientErrorOf(failure));
            }
            return;
        }
        boolean firstStream = providerOpenedAt == null;
        reconnecting = false;
        provider = handle;
        providerOpenedAt = context.clock().instant();
        if (firstStream && session.activate() && channel != null) {
            // ready before announced (H18): the session is ACTIVE before the client hears so
            channel.send(new ServerMessage.SessionStarted(session.id(), session.resumeToken(), session.generation()));
        }
        boolean closing = session.state() == SessionState.CLOSING;
        // early audio (H18) or, after a failure, everything not yet covered by a final (H23)
        feed.attach(handle.stream(), !firstStream);
        if (livenessTimer == null) {
            scheduleLivenessCheck();
        }
        if (!feed.isReplaying()) {
            applyDeferredRequests(closing);
        }
        // with a paced replay still running, finalize and close wait until it has caught up
        LOG.log(Level.DEBUG, "{0}: recognizer stream {1} open", this, handle.epoch());
    }

    /** Finalize or close that arrived while no stream (or only a replaying one) could take it. */
    private void applyDeferredRequests(boolean closing) {
        if (finalizeRequested) {
            finalizeRequested = false;
            feed.flush();
            provider.stream().finalizeUtterance();
        }
        if (closing) {
            closeProviderStream();
        }
    }

    private void onReplayCaughtUp() {
        if (provider != null) {
            applyDeferredRequests(session.state() == SessionState.CLOSING);
        }
    }

    void onHypothesis(long epoch, Hypothesis hypothesis) {
        if (!isCurrentProvider(epoch, "hypothesis")) {
            return;
        }
        feed.onResult();
        Hypothesis rebased = hypothesis.shiftedBy(feed.base());
        if (rebased.isFinal()) {
            ledger.acknowledgeThrough(rebased.span().end());
            rebased = ReplayOverlap.trim(rebased, deliveredThrough);
            if (rebased == null) {
                LOG.log(Level.INFO, "{0}: final covering audio already delivered dropped (replay overlap)", this);
                return;
            }
            deliveredThrough = Math.max(deliveredThrough, rebased.span().end());
        } else if (rebased.isBlank() || !session.options().interimResults() || channel == null
                || rebased.span().end() <= deliveredThrough) {
            return;
        }
        if (rebased.isBlank()) {
            return;
        }
        Transcript transcript = session.number(rebased);
        if (channel != null) {
            channel.send(new ServerMessage.TranscriptUpdate(transcript, session.format(), session.samplesReceived()));
        }
    }

    void onSpeechEvent(long epoch, SpeechEvent event) {
        if (!isCurrentProvider(epoch, "speech event")) {
            return;
        }
        feed.onResult();
        SpeechEvent rebased = event.shiftedBy(feed.base());
        // a speech start inside audio whose finals were delivered is a replay going over it again; an
        // utterance end always lies there (it names the end of the last word of a delivered final)
        boolean replayed = rebased instanceof SpeechEvent.SpeechStarted && rebased.sample() < deliveredThrough;
        if (channel == null || !session.options().speechEvents() || replayed) {
            return; // nobody to tell, not asked for, or about audio a replay went over again
        }
        channel.send(new ServerMessage.SpeechEventNotice(rebased, session.format()));
    }

    void onRecognizerClosed(long epoch) {
        if (!isCurrentProvider(epoch, "recognizer close")) {
            return;
        }
        if (channel == null) {
            // detached while flushing: the finals wait in the outbox for a resume, until grace expiry
            recognizerFinished = true;
            LOG.log(Level.INFO, "{0}: recognizer finished while detached; waiting for resume", this);
            return;
        }
        finishClosed();
    }

    void onRecognizerFailed(long epoch, RecognizerException failure) {
        if (!isCurrentProvider(epoch, "recognizer failure")) {
            return;
        }
        LOG.log(Level.WARNING, this + ": recognizer stream " + epoch + " failed", failure);
        if (!failure.isRetryable()) {
            fail(failure.clientError());
            return;
        }
        ProviderHandle dead = provider;
        provider = null;
        feed.detach(); // what it held is in the ledger and will be replayed; reads go on meanwhile
        providerFlight.invalidate(dead);
        dead.abort();
        boolean quick = providerOpenedAt == null || Duration.between(providerOpenedAt, context.clock().instant())
                .compareTo(context.settings().recovery().healthyAfter()) < 0;
        quickFailures = quick ? quickFailures : 0;
        reconnecting = true;
        scheduleReconnect(failure);
    }

    /**
     * Reconnects after a backoff that doubles per consecutive quick failure, with jitter so
     * sessions that failed together do not reconnect together; gives up after too many (H23).
     */
    private void scheduleReconnect(RecognizerException failure) {
        RecoverySettings recovery = context.settings().recovery();
        quickFailures++;
        if (quickFailures > recovery.maxQuickFailures()) {
            LOG.log(Level.WARNING, "{0}: recognizer failed {1} times in a row; giving up", this, quickFailures);
            fail(ClientError.of(ErrorCode.PROVIDER_ERROR, "the recognizer failed " + quickFailures
                    + " times in a row: " + failure.clientError().message()));
            return;
        }
        long doubled = recovery.initialBackoff().toMillis() << Math.min(20, quickFailures - 1);
        long capped = Math.min(recovery.maxBackoff().toMillis(), doubled);
        double jitter = 0.8 + 0.4 * new SplittableRandom(session.id().hashCode() * 31L + quickFailures).nextDouble();
        Duration delay = Duration.ofMillis(Math.round(capped * jitter));
        long stamp = epochs.get();
        failedEpoch = stamp;
        context.metrics().providerReconnecting();
        LOG.log(Level.INFO, "{0}: reconnecting the recognizer in {1} ms (attempt {2}), replaying from sample {3}",
                this, delay.toMillis(), quickFailures, ledger.acknowledged());
        reconnectTimer = context.scheduler().schedule(delay, () -> lane.execute(() -> reconnect(stamp)));
    }

    private void reconnect(long stamp) {
        if (session.state().isTerminal() || !reconnecting || stamp != failedEpoch) {
            stale("reconnect timer for epoch " + stamp);
            return;
        }
        reconnectTimer = null;
        providerFlight.acquire().whenComplete((handle, failure) -> lane.execute(() -> onProviderReady(handle, failure)));
    }

    private boolean isCurrentProvider(long epoch, String event) {
        if (session.state().isTerminal() || provider == null || provider.epoch() != epoch) {
            stale(event + " of recognizer stream " + epoch);
            return false;
        }
        return true;
    }

    // ---- client events -------------------------------------------------------------------

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
        if (provider == null && !reconnecting
                && ledger.retainedSamples() + pcm.length / session.format().bytesPerFrame() > maxPendingSamples) {
            // refused before the clock moves, so the recognizer never misses audio the clock counts
            channel.send(new ServerMessage.ErrorNotice(ClientError.of(ErrorCode.AUDIO_BUFFER_FULL,
                    "audio is arriving faster than it can be buffered while the recognizer starts; frame dropped")));
            return;
        }
        switch (session.acceptAudio(pcm)) {
            case FrameVerdict.Refused refused -> channel.send(new ServerMessage.ErrorNotice(refused.error()));
            case FrameVerdict.Accepted accepted -> forward(accepted.chunk());
        }
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
        feed.accept(chunk);
    }

    /** Any thread: whether the adapter should leave the next read to this session. */
    boolean readsHeld() {
        return feed.readsHeld();
    }

    // ---- keepalive and watchdog (run on the scheduler's own thread, then on the lane) -----

    private void scheduleLivenessCheck() {
        livenessTimer = context.scheduler().schedule(context.settings().recovery().livenessCheckInterval(),
                () -> lane.execute(this::checkLiveness));
    }

    /**
     * Keeps an idle recognizer stream open and replaces one that has audio to work on but shows
     * no sign of life, as if it had failed (H23 replay). Runs whether or not a client is attached.
     */
    private void checkLiveness() {
        if (session.state().isTerminal()) {
            livenessTimer = null;
            return;
        }
        RecoverySettings recovery = context.settings().recovery();
        Instant now = context.clock().instant();
        if (provider != null) {
            if (feed.stalled(now, recovery.watchdogTimeout())) {
                context.metrics().providerStalled();
                LOG.log(Level.WARNING, "{0}: recognizer stream {1} made no progress for {2} s; replacing it",
                        this, provider.epoch(), recovery.watchdogTimeout().toSeconds());
                onRecognizerFailed(provider.epoch(), RecognizerException.retryable(ClientError.of(
                        ErrorCode.PROVIDER_ERROR, "the recognizer stopped responding"), null));
            } else if (feed.idleFor(now, recovery.keepAliveInterval())) {
                provider.stream().keepAlive();
                feed.keptAlive(now);
                context.metrics().providerKeepAliveSent();
            }
        }
        if (!session.state().isTerminal()) {
            scheduleLivenessCheck();
        }
    }

    void onProgress(long epoch, long processedSamples) {
        if (session.state().isTerminal() || provider == null || provider.epoch() != epoch) {
            return; // progress of a replaced stream is not worth a stale count
        }
        feed.onProgress(processedSamples);
    }

    void finalizeStream(Generation stamped) {
        if (!admits(stamped, "finalize")) {
            return;
        }
        if (provider != null && !feed.isReplaying()) {
            feed.flush();
            provider.stream().finalizeUtterance();
        } else {
            finalizeRequested = true;
        }
    }

    void closeStream(Generation stamped) {
        if (!admits(stamped, "close_stream") || !session.beginClosing()) {
            return;
        }
        if (provider != null && !feed.isReplaying()) {
            closeProviderStream();
        }
        // still opening or replaying: carried out as soon as the stream has caught up
    }

    /** The rest of the audio, then the close, which the stream must answer (the watchdog waits for it). */
    private void closeProviderStream() {
        feed.flush();
        feed.expectAnswer();
        provider.stream().closeGracefully();
    }

    /** The client socket closed or failed without close_stream: detach and wait for a resume (H15). */
    void clientGone(Generation stamped) {
        if (session.state().isTerminal()) {
            return; // the socket closing after the session ended (normally, or with an error) is expected
        }
        if (!session.isCurrent(stamped)) {
            stale("client gone");
            return;
        }
        if (lifetime == SessionLifetime.ENDS_WITH_CONNECTION) {
            channel = null; // the socket is gone; nobody can come back for the finals
            LOG.log(Level.INFO, "{0}: client went away; the session ends with its connection", this);
            end();
            return;
        }
        session.detach(stamped);
        channel = null;
        Generation detached = stamped;
        graceTimer = context.scheduler().schedule(context.settings().gracePeriod(),
                () -> lane.execute(() -> graceExpired(detached)));
        LOG.log(Level.INFO, "{0}: client went away; detached for {1} s", this, context.settings().gracePeriod().toSeconds());
    }

    void graceExpired(Generation stamped) {
        if (!session.isDetachedAs(stamped)) {
            stale("grace timer of generation " + stamped);
            return;
        }
        LOG.log(Level.INFO, "{0}: grace period expired; ending session", this);
        context.metrics().graceExpired();
        end();
    }

    OpenOutcome resume(ResumeStreamCommand command, ClientChannelPort newChannel) {
        if (lifetime == SessionLifetime.ENDS_WITH_CONNECTION) {
            context.metrics().rejected(ErrorCode.SESSION_NOT_FOUND);
            return new OpenOutcome.Refused(ClientError.of(ErrorCode.SESSION_NOT_FOUND,
                    "session " + session.id() + " cannot be resumed"));
        }
        ClientChannelPort previous = channel;
        ResumeDecision decision = session.resume(command.presentedToken(), command.lastSeq(),
                context.secrets().newResumeToken(), context.clock().instant(), context.settings().resumeRules());
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
            newChannel.send(new ServerMessage.ErrorNotice(ClientError.of(ErrorCode.FINALS_EXPIRED,
                    resumed.expiredSeqs() + " finals after seq " + command.lastSeq() + " are no longer retained")));
        }
        for (Transcript transcript : resumed.replay()) {
            newChannel.send(new ServerMessage.TranscriptUpdate(transcript, session.format(), session.samplesReceived()));
        }
        if (recognizerFinished) {
            finishClosed();
        }
        return new OpenOutcome.Opening(new StreamHandle(session.id(), resumed.generation()));
    }

    // ---- endings -------------------------------------------------------------------------

    private void finishClosed() {
        channel.send(new ServerMessage.SessionClosed("client_closed"));
        channel.closeNormally();
        channel = null;
        LOG.log(Level.INFO, "{0}: closed by the client after {1} finals", this, session.lastFinalSeq());
        end();
    }

    /** Tells the attached client (if any) why, closes its socket, and ends the session. */
    void fail(ClientError error) {
        if (session.state().isTerminal()) {
            return;
        }
        context.metrics().rejected(error.code());
        if (channel != null) {
            channel.send(new ServerMessage.ErrorNotice(error));
            channel.closeFor(error.code());
            channel = null;
        }
        end();
    }

    /** Releases everything the session owns, exactly once (H13): recognizer, timers, buffers, socket, registry entry. */
    private void end() {
        if (!session.close()) {
            return;
        }
        cancelGraceTimer();
        feed.end();
        if (livenessTimer != null) {
            livenessTimer.cancel();
            livenessTimer = null;
        }
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
            reconnectTimer = null;
        }
        providerFlight.close(); // releases the stream it holds (always the current one), and any that opens later
        provider = null;
        if (channel != null) {
            channel.closeNormally();
            channel = null;
        }
        onEnded.accept(this);
    }

    private void cancelGraceTimer() {
        if (graceTimer != null) {
            graceTimer.cancel();
            graceTimer = null;
        }
    }

    private boolean admits(Generation stamped, String event) {
        if (session.isCurrent(stamped)) {
            return true;
        }
        stale(event + " of generation " + stamped);
        return false;
    }

    private void stale(String what) {
        context.metrics().staleEventIgnored();
        LOG.log(Level.INFO, "{0}: stale {1} ignored", this, what);
    }

    private void onLaneFailure(Throwable failure) {
        LOG.log(Level.ERROR, this + ": unexpected failure; ending session", failure);
        fail(ClientError.of(ErrorCode.INTERNAL_ERROR, "internal error in session " + session.id()));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private ClientError clientErrorOf(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RecognizerException recognizerFailure) {
            LOG.log(Level.WARNING, "{0}: recognizer refused: {1}", this, recognizerFailure.getMessage());
            return recognizerFailure.clientError();
        }
        LOG.log(Level.ERROR, this + ": recognizer could not be opened", cause);
        return ClientError.of(ErrorCode.PROVIDER_ERROR, "the recognizer could not be started");
    }

    @Override
    public String toString() {
        return "session " + session.id() + " gen " + session.generation();
    }
}
