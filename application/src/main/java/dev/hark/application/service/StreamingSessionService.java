package dev.hark.application.service;

import dev.hark.application.port.inbound.AudioFormatQuery;
import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.ClientGoneUseCase;
import dev.hark.application.port.inbound.CloseStreamUseCase;
import dev.hark.application.port.inbound.FinalizeStreamUseCase;
import dev.hark.application.port.inbound.KeepAliveUseCase;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.OpenStreamUseCase;
import dev.hark.application.port.inbound.PushAudioUseCase;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamUseCase;
import dev.hark.application.port.inbound.Routing;
import dev.hark.application.port.inbound.SessionStatsQuery;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SecretSourcePort;
import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.Session;
import dev.hark.domain.session.SessionId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Runs live transcription sessions: the registry of {@link LiveSession}s and the routing of
 * every event onto its session's lane.
 *
 * <p>Concurrency rule: every event of a session (client frames, control messages, socket close
 * and error, recognizer results, timers) is queued on the session's {@link SerialLane} and
 * touches state only there. Calls into this service return at once and never block on
 * recognition. Registry invariant: a session is in the map from creation until its
 * {@code end()} runs, and removal only removes that very session.
 *
 * <p>Flow control (H24): every client message carries the adapter's {@code readNext}, which the
 * session runs on its lane after it has taken the message, so a socket never has more than one
 * message queued on a lane however slow the lane pool is.
 */
public final class StreamingSessionService implements OpenStreamUseCase, ResumeStreamUseCase, PushAudioUseCase,
        FinalizeStreamUseCase, CloseStreamUseCase, KeepAliveUseCase, ClientGoneUseCase, SessionStatsQuery,
        AudioFormatQuery {

    private static final Logger LOG = System.getLogger(StreamingSessionService.class.getName());

    private final SessionContext context;
    private final AttachRateLimiter addressLimiter;
    private final KeyAdmission keyAdmission;
    private final Map<SessionId, LiveSession> sessions = new ConcurrentHashMap<>();
    /** Each live session's claim on its key's limits; it also says which key may resume it. */
    private final Map<SessionId, KeyAdmission.Slot> slots = new ConcurrentHashMap<>();
    /** Set once when a drain starts (H29): new sessions are refused from then on. */
    private volatile DrainDeadline drainDeadline;
    private volatile ClientError drainRefusal;
    private volatile boolean finalizing;
    private final AtomicReference<CompletableFuture<Void>> emptied = new AtomicReference<>();

    /** @param ticker the monotonic time source of every duration (cooldowns, backoff, watchdog, chunk latency) */
    public StreamingSessionService(SpeechRecognizerPort recognizer, SecretSourcePort secrets, Executor laneExecutor,
                                   SchedulerPort scheduler, TickerPort ticker, SessionMetricsPort metrics,
                                   SessionSettings settings) {
        this.context = new SessionContext(recognizer, secrets, laneExecutor, scheduler, ticker, metrics, settings);
        this.addressLimiter = new AttachRateLimiter(ticker, settings.addressBurst(), settings.addressPerSecond());
        this.keyAdmission = new KeyAdmission(ticker, settings.resumeRules().busyRetryAfter());
    }

    @Override
    public OpenOutcome open(OpenStreamCommand command, ClientChannelPort channel) {
        Optional<ClientError> refusal = Optional.ofNullable(drainRefusal)
                .or(() -> addressRefusal(command.clientAddress()))
                .or(() -> context.recognizer().refusalFor(command.options().format()));
        if (refusal.isPresent()) {
            context.metrics().rejected(refusal.get().code());
            return new OpenOutcome.Refused(refusal.get());
        }
        KeyAdmission.Slot slot;
        switch (keyAdmission.admit(command.caller())) {
            case KeyAdmission.Decision.Refused refused -> {
                context.metrics().rejected(refused.error().code());
                LOG.log(Level.INFO, "key {0}: new session from {1} refused: {2}", command.caller().name(),
                        command.clientAddress(), refused.error().code());
                return new OpenOutcome.Refused(refused.error());
            }
            case KeyAdmission.Decision.Admitted admitted -> slot = admitted.slot();
        }
        Session session = Session.start(context.secrets().newSessionId(), context.secrets().newResumeToken(),
                command.options(), context.settings().outboxCapacity(), context.ticker().nanoTime());
        LiveSession live = new LiveSession(session, command.lifetime(), channel, context, this::forget);
        slots.put(session.id(), slot);
        sessions.put(session.id(), live);
        LOG.log(Level.INFO, "{0}: opened by {1} as {2}", live, command.clientAddress(), command.caller().name());
        context.metrics().sessionOpened();
        live.lane().execute(live::start);
        catchUpWithDrain(live);
        return new OpenOutcome.Opening(new StreamHandle(session.id(), session.generation()));
    }

    @Override
    public Optional<ClientError> refusalFor(AudioFormat format) {
        return context.recognizer().refusalFor(format);
    }

    @Override
    public CompletionStage<OpenOutcome> resume(ResumeStreamCommand command, ClientChannelPort channel) {
        Optional<ClientError> refusal = addressRefusal(command.clientAddress());
        if (refusal.isPresent()) {
            context.metrics().rejected(refusal.get().code());
            return CompletableFuture.completedFuture(new OpenOutcome.Refused(refusal.get()));
        }
        LiveSession live = sessions.get(command.sessionId());
        if (live == null) {
            context.metrics().rejected(ErrorCode.SESSION_NOT_FOUND);
            LOG.log(Level.INFO, "session {0}: resume from {1} for an unknown or ended session",
                    command.sessionId(), command.clientAddress());
            return CompletableFuture.completedFuture(new OpenOutcome.Refused(ClientError.of(
                    ErrorCode.SESSION_NOT_FOUND, "no session " + command.sessionId() + " (unknown, or it has ended)")));
        }
        Optional<ClientError> notOwner = ownerRefusal(command);
        if (notOwner.isPresent()) {
            context.metrics().rejected(notOwner.get().code());
            return CompletableFuture.completedFuture(new OpenOutcome.Refused(notOwner.get()));
        }
        CompletableFuture<OpenOutcome> outcome = new CompletableFuture<>();
        try {
            live.lane().execute(() -> decideResume(live, command, channel, outcome));
        } catch (RuntimeException rejected) {
            outcome.completeExceptionally(rejected);
        }
        return outcome;
    }

    /**
     * On the lane. Whatever happens the newcomer gets an answer at once: if deciding throws, the
     * outcome fails (the adapter refuses the socket) and the failure still reaches the lane's
     * handler, which ends the session it may have left half attached (H26).
     */
    private void decideResume(LiveSession live, ResumeStreamCommand command, ClientChannelPort channel,
                              CompletableFuture<OpenOutcome> outcome) {
        try {
            outcome.complete(live.session().state().isTerminal()
                    ? new OpenOutcome.Refused(ClientError.of(ErrorCode.SESSION_NOT_FOUND,
                            "session " + command.sessionId() + " has ended"))
                    : resumedDuringDrain(live, live.resume(command, channel)));
        } catch (RuntimeException | Error failure) {
            outcome.completeExceptionally(failure);
            throw failure;
        }
    }

    @Override
    public Routing pushAudio(StreamHandle handle, byte[] pcm, Runnable readNext) {
        LiveSession live = sessions.get(handle.sessionId());
        if (live == null) {
            return gone(handle, "audio");
        }
        live.lane().execute(() -> live.pushAudio(handle.generation(), pcm, readNext));
        return Routing.QUEUED;
    }

    @Override
    public Routing finalizeStream(StreamHandle handle, Runnable readNext) {
        return route(handle, "finalize", (live, generation) -> live.finalizeStream(generation, readNext));
    }

    @Override
    public Routing closeStream(StreamHandle handle, Runnable readNext) {
        return route(handle, "close_stream", (live, generation) -> live.closeStream(generation, readNext));
    }

    @Override
    public Routing keepAlive(StreamHandle handle, Runnable readNext) {
        return route(handle, "keepalive", (live, generation) -> live.keepAlive(generation, readNext));
    }

    @Override
    public Routing clientGone(StreamHandle handle, ClientDeparture departure) {
        return route(handle, "client gone", (live, generation) -> live.clientGone(generation, departure));
    }

    @Override
    public int activeSessions() {
        return sessions.size();
    }

    @Override
    public int activeAttachments() {
        return (int) sessions.values().stream().filter(LiveSession::isAttached).count();
    }

    @Override
    public int activeProviderStreams() {
        return (int) sessions.values().stream().filter(LiveSession::holdsRecognizerStream).count();
    }

    // ---- drain (H29), driven by DrainCoordinator ------------------------------------------

    /** When the drain finalizes what is left, as a ticker reading. */
    private record DrainDeadline(long nanos) {
    }

    /**
     * From now on new sessions are refused; attached clients hear how long they have until
     * {@code deadlineNanos} (a {@link TickerPort} reading). Resumes still work.
     */
    void beginDrain(long deadlineNanos, ClientError refusal) {
        DrainDeadline deadline = new DrainDeadline(deadlineNanos);
        drainDeadline = deadline;
        drainRefusal = refusal;
        for (LiveSession live : sessions.values()) {
            live.lane().execute(() -> live.notifyDraining(deadline.nanos()));
        }
    }

    /** A session admitted just as a drain began (it passed the check before the flag was set) joins it. */
    private void catchUpWithDrain(LiveSession live) {
        DrainDeadline deadline = drainDeadline;
        if (deadline != null) {
            live.lane().execute(() -> live.notifyDraining(deadline.nanos()));
        }
        if (finalizing) {
            live.lane().execute(live::finishForDrain);
        }
    }

    /** A client that resumes during a drain is told the deadline too (same lane step as its attach). */
    private OpenOutcome resumedDuringDrain(LiveSession live, OpenOutcome outcome) {
        DrainDeadline deadline = drainDeadline;
        if (deadline != null && outcome instanceof OpenOutcome.Opening) {
            live.notifyDraining(deadline.nanos());
        }
        return outcome;
    }

    /** Finalizes every live session (see {@link LiveSession#finishForDrain()}). */
    void finalizeAllForDrain() {
        finalizing = true;
        for (LiveSession live : sessions.values()) {
            live.lane().execute(live::finishForDrain);
        }
    }

    /** Completes once no session is left (at once if none is). */
    CompletableFuture<Void> whenNoSessions() {
        CompletableFuture<Void> future = emptied.updateAndGet(existing -> existing != null && !existing.isDone()
                ? existing : new CompletableFuture<>());
        if (sessions.isEmpty()) {
            future.complete(null);
        }
        return future;
    }

    /** Ends every session with {@code reason}; used on shutdown. */
    public void endAll(ClientError reason) {
        for (LiveSession live : sessions.values()) {
            live.lane().execute(() -> live.fail(reason));
        }
    }

    private Routing route(StreamHandle handle, String event, BiConsumer<LiveSession, Generation> action) {
        LiveSession live = sessions.get(handle.sessionId());
        if (live == null) {
            return gone(handle, event);
        }
        live.lane().execute(() -> action.accept(live, handle.generation()));
        return Routing.QUEUED;
    }

    /** H19: missing state is a typed outcome the adapter answers, never an exception. */
    private static Routing gone(StreamHandle handle, String event) {
        // a socket closing after its session ended is the common, expected case and not worth a log line
        LOG.log(event.equals("client gone") ? Level.DEBUG : Level.INFO,
                "session {0} gen {1}: {2} for a session that no longer exists",
                handle.sessionId(), handle.generation(), event);
        return Routing.SESSION_GONE;
    }

    private Optional<ClientError> addressRefusal(String address) {
        Duration wait = addressLimiter.tryAcquire(address);
        if (wait.isZero()) {
            return Optional.empty();
        }
        LOG.log(Level.INFO, "client {0}: attaching too often; told to wait {1} ms", address, wait.toMillis());
        return Optional.of(ClientError.retryable(ErrorCode.RECONNECT_TOO_SOON,
                "too many connections from this address; retry shortly", wait));
    }

    /**
     * A session belongs to the key that opened it: another key is refused even with the right
     * resume token, so a leaked token is no use to a different tenant.
     */
    private Optional<ClientError> ownerRefusal(ResumeStreamCommand command) {
        KeyAdmission.Slot slot = slots.get(command.sessionId());
        if (slot == null || slot.caller().name().equals(command.caller().name())) {
            return Optional.empty();
        }
        LOG.log(Level.INFO, "session {0}: resume from {1} as {2} refused: it belongs to another key",
                command.sessionId(), command.clientAddress(), command.caller().name());
        return Optional.of(ClientError.of(ErrorCode.RESUME_DENIED, "this session was opened with another key"));
    }

    private void forget(LiveSession live) {
        if (sessions.remove(live.session().id(), live)) {
            KeyAdmission.Slot slot = slots.remove(live.session().id());
            if (slot != null) {
                slot.release();
            }
        }
        CompletableFuture<Void> waiting = emptied.get();
        if (waiting != null && sessions.isEmpty()) {
            waiting.complete(null);
        }
    }
}
