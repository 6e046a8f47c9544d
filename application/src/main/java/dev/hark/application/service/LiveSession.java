package dev.hark.application.service;

import dev.hark.application.port.in.OpenOutcome;
import dev.hark.application.port.in.ResumeStreamCommand;
import dev.hark.application.port.in.StreamHandle;
import dev.hark.application.port.out.ClientChannelPort;
import dev.hark.application.port.out.RecognizerException;
import dev.hark.application.port.out.RecognizerStreamRequest;
import dev.hark.application.port.out.SchedulerPort.ScheduledTask;
import dev.hark.application.port.out.ServerMessage;
import dev.hark.domain.audio.AudioLedger;
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.audio.Chunker;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.FrameVerdict;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeDecision;
import dev.hark.domain.session.Session;
import dev.hark.domain.session.SessionState;
import dev.hark.domain.transcript.Hypothesis;
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
    /** Session sample at which the current recognizer stream's clock starts (H23 rebasing). */
    private long providerBase;
    /** End of the last final delivered, on the session clock; replayed finals up to it are dropped. */
    private long deliveredThrough;
    private Instant providerOpenedAt;
    private int quickFailures;
    private boolean reconnecting;
    private long failedEpoch;
    private ScheduledTask reconnectTimer;
    private boolean replayLimitReported;
    /** Liveness of the current stream, on its own clock: audio sent to it, and audio it says it consumed. */
    private long sentThrough;
    private long progressThrough;
    private Instant lastAudioSentAt;
    private Instant waitingSince;
    private ScheduledTask livenessTimer;
    /** Regroups client frames for the current stream (H21); replaced with the stream. */
    private Chunker chunker;
    private ScheduledTask chunkTimer;
    /** The client socket's next read, held back while the recognizer is too far behind (H24). */
    private Runnable parkedRead;
    /** Written on the lane, read by I/O threads: while true, frames are read only when released. */
    private volatile boolean readsHeld;
    /** Paced replay (H23): audio before this sample was offered to the current stream. */
    private ReplayPacer replay;
    private ScheduledTask replayTimer;

    LiveSession(Session session, ClientChannelPort channel, SessionContext context, Consumer<LiveSession> onEnded) {
        this.session = session;
        this.channel = channel;
        this.context = context;
        this.onEnded = onEnded;
        this.lane = new SerialLane(context.laneExecutor(), this::onLaneFailure);
        SessionSettings settings = context.settings();
        this.maxPendingSamples = session.format().samplesFor(settings.maxPendingAudio().toMillis());
        this.ledger = new AudioLedger(session.format().samplesFor(settings.recovery().maxRetainedAudio().toMillis()));
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

    StreamHandle handle() {
        return new StreamHandle(session.id(), session.generation());
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
            if (reconnecting && unwrap(failure) instanceof RecognizerException e && e.isRetryable()) {
                scheduleReconnect(e);
            } else {
                fail(clientErrorOf(failure));
            }
            return;
        }
        boolean firstStream = !reconnecting;
        reconnecting = false;
        provider = handle;
        providerOpenedAt = context.clock().instant();
        providerBase = ledger.acknowledged();
        if (firstStream && session.activate() && channel != null) {
            // ready before announced (H18): the session is ACTIVE before the client hears so
            channel.send(new ServerMessage.SessionStarted(session.id(), session.resumeToken(), session.generation()));
        }
        boolean closing = session.state() == SessionState.CLOSING;
        sentThrough = 0;
        progressThrough = 0;
        waitingSince = providerOpenedAt;
        lastAudioSentAt = providerOpenedAt;
        chunker = newChunker();
        // early audio (H18) or, after a failure, everything not yet covered by a final (H23)
        double speed = context.recognizer().maxReplaySpeed();
        if (firstStream || speed <= 0) {
            for (PcmChunk chunk : ledger.retainedFrom(providerBase)) {
                chunker.offer(chunk, nowNanos());
            }
            chunker.flushAll(nowNanos());
        } else {
            replay = new ReplayPacer(providerBase, nowNanos(), speed, session.format().sampleRate());
            paceReplay(handle.epoch());
        }
        if (livenessTimer == null) {
            scheduleLivenessCheck();
        }
        if (replay == null) {
            applyDeferredRequests(closing);
        }
        // with a paced replay still running, finalize and close wait until it has caught up
        LOG.log(Level.DEBUG, "{0}: recognizer stream {1} open", this, handle.epoch());
    }

    /** Finalize or close that arrived while no stream (or only a replaying one) could take it. */
    private void applyDeferredRequests(boolean closing) {
        if (finalizeRequested) {
            finalizeRequested = false;
            flushChunker();
            provider.stream().finalizeUtterance();
        }
        if (closing) {
            flushChunker();
            provider.stream().closeGracefully();
        }
    }

    void onHypothesis(long epoch, Hypothesis hypothesis) {
        if (!isCurrentProvider(epoch, "hypothesis")) {
            return;
        }
        waitingSince = context.clock().instant(); // any result is a sign of life
        Hypothesis rebased = hypothesis.shiftedBy(providerBase);
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
        replay = null;
        chunker = null; // what it held is in the ledger and will be replayed
        providerFlight.invalidate(dead);
        dead.abort();
        releaseParkedRead(true); // while reconnecting, audio goes to the bounded ledger
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
            allowNextRead(readNext);
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
        if (provider != null && replay == null) {
            if (chunker.offer(chunk, nowNanos()) == Chunker.Offer.REFUSED_FULL) {
                // cannot happen while the sink never fails; the ledger still has the audio for a replay
                LOG.log(Level.WARNING, "{0}: chunker full; {1} samples wait for the next replay", this, chunk.sampleCount());
            }
            scheduleChunkTick();
        }
        // otherwise the ledger holds it until a stream opens
    }

    /**
     * Offers the replay backlog to the current stream no faster than the provider allows, then
     * hands over to live audio, which waits in the ledger meanwhile, so order is kept (H23).
     */
    private void paceReplay(long epoch) {
        if (replay == null || provider == null || provider.epoch() != epoch || session.state().isTerminal()) {
            return;
        }
        long allowedThrough = replay.allowedThrough(nowNanos());
        for (PcmChunk chunk : ledger.retainedFrom(replay.offeredThrough())) {
            if (chunk.startSample() >= allowedThrough) {
                break;
            }
            PcmChunk part = chunk.until(allowedThrough);
            chunker.offer(part, nowNanos());
            replay.offered(part.span().end());
        }
        scheduleChunkTick();
        if (replay.offeredThrough() >= ledger.received()) {
            replay = null;
            replayTimer = null;
            applyDeferredRequests(session.state() == SessionState.CLOSING);
        } else {
            replayTimer = context.scheduler().schedule(Duration.ofMillis(100), () -> lane.execute(() -> paceReplay(epoch)));
        }
    }

    private Chunker newChunker() {
        ChunkPolicy policy = context.recognizer().chunking();
        Duration bound = policy.minChunk().plus(policy.maxLatency())
                .plusMillis(1000L * session.options().maxFrameBytes() / session.format().bytesPerFrame()
                        / session.format().sampleRate() + 1);
        return new Chunker(session.format(), policy, bound, this::sendToProvider);
    }

    /** Drives the chunker's latency bound by a timer too, not only by arrivals (H21). */
    private void scheduleChunkTick() {
        if (chunkTimer != null || chunker == null) {
            return;
        }
        chunker.nextDeadlineNanos().ifPresent(deadline -> {
            long delay = Math.max(0, deadline - nowNanos());
            Chunker stamped = chunker;
            chunkTimer = context.scheduler().schedule(Duration.ofNanos(delay), () -> lane.execute(() -> {
                chunkTimer = null;
                if (chunker == stamped && !session.state().isTerminal()) {
                    stamped.onTick(nowNanos());
                    scheduleChunkTick();
                }
            }));
        });
    }

    private void flushChunker() {
        if (chunker != null) {
            chunker.flushAll(nowNanos());
        }
    }

    private long nowNanos() {
        Instant now = context.clock().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Any thread: whether the adapter should leave the next read to this session. */
    boolean readsHeld() {
        return readsHeld;
    }

    /**
     * H24: holds the client's reads back while the recognizer is too far behind. {@code readNext}
     * is a no-op when the adapter already read on (reads were not held when the frame came).
     */
    private void allowNextRead(Runnable readNext) {
        long backlog = provider == null ? 0 : sentThrough - progressThrough;
        if (backlog > maxBacklogSamples()) {
            if (!readsHeld) {
                readsHeld = true;
                context.metrics().readsPaused();
                LOG.log(Level.INFO, "{0}: recognizer {1} s behind; pausing reads from the client", this,
                        backlog / session.format().sampleRate());
            }
            parkedRead = readNext;
        } else {
            readNext.run();
        }
    }

    private void releaseParkedRead(boolean force) {
        if (readsHeld && (force || provider == null || sentThrough - progressThrough <= maxBacklogSamples() / 2)) {
            readsHeld = false;
            Runnable read = parkedRead;
            parkedRead = null;
            if (read != null) {
                read.run();
            }
        }
    }

    private long maxBacklogSamples() {
        return session.format().samplesFor(context.settings().recovery().maxRecognizerBacklog().toMillis());
    }

    private void sendToProvider(PcmChunk chunk) {
        PcmChunk rebased = chunk.rebasedBy(providerBase);
        if (progressThrough >= sentThrough) {
            waitingSince = context.clock().instant(); // caught up until now: the watchdog starts counting here
        }
        provider.stream().sendAudio(rebased);
        sentThrough = rebased.span().end();
        lastAudioSentAt = context.clock().instant();
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
            if (sentThrough > progressThrough && !now.isBefore(waitingSince.plus(recovery.watchdogTimeout()))) {
                context.metrics().providerStalled();
                LOG.log(Level.WARNING, "{0}: recognizer stream {1} made no progress for {2} s; replacing it",
                        this, provider.epoch(), recovery.watchdogTimeout().toSeconds());
                onRecognizerFailed(provider.epoch(), RecognizerException.retryable(ClientError.of(
                        ErrorCode.PROVIDER_ERROR, "the recognizer stopped responding"), null));
            } else if (!now.isBefore(lastAudioSentAt.plus(recovery.keepAliveInterval()))) {
                provider.stream().keepAlive();
                lastAudioSentAt = now;
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
        progressThrough = Math.max(progressThrough, processedSamples);
        waitingSince = context.clock().instant();
        releaseParkedRead(false);
    }

    void finalizeStream(Generation stamped) {
        if (!admits(stamped, "finalize")) {
            return;
        }
        if (provider != null && replay == null) {
            flushChunker();
            provider.stream().finalizeUtterance();
        } else {
            finalizeRequested = true;
        }
    }

    void closeStream(Generation stamped) {
        if (!admits(stamped, "close_stream") || !session.beginClosing()) {
            return;
        }
        if (provider != null && replay == null) {
            flushChunker();
            provider.stream().closeGracefully();
        }
        // still opening or replaying: carried out as soon as the stream has caught up
    }

    /** The client socket closed or failed without close_stream: detach and wait for a resume (H15). */
    void clientGone(Generation stamped) {
        if (!session.detach(stamped)) {
            stale("client gone");
            return;
        }
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
        if (replayTimer != null) {
            replayTimer.cancel();
            replayTimer = null;
        }
        if (chunkTimer != null) {
            chunkTimer.cancel();
            chunkTimer = null;
        }
        chunker = null;
        releaseParkedRead(true);
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
