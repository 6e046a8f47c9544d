package dev.hark.application.service;

import dev.hark.application.port.inbound.AudioFormatQuery;
import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.ClientStreamUseCase;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamCommand;
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
import dev.hark.domain.session.Session;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The session core's front door, {@link ClientStreamUseCase}: admits clients (open, resume: the
 * drain, address and key limits, the owner check) and routes each command of an attached
 * stream onto its session's lane. The sessions themselves live in a {@link SessionRegistry};
 * the drain's view of them in a {@link SessionDrain}.
 *
 * <p>Concurrency rule: every event of a session (client frames, control messages, socket close
 * and error, recognizer results, timers) is queued on the session's {@link SerialLane} and
 * touches state only there. Calls into this service return at once and never block on
 * recognition.
 *
 * <p>Flow control (H24): every client message carries the adapter's {@code readNext}, which the
 * session runs on its lane after it has taken the message, so a socket never has more than one
 * message queued on a lane however slow the lane pool is.
 */
public final class StreamingSessionService implements ClientStreamUseCase, SessionStatsQuery, AudioFormatQuery {

    private static final Logger LOG = System.getLogger(StreamingSessionService.class.getName());

    private final SessionContext context;
    private final AttachRateLimiter addressLimiter;
    private final KeyAdmission keyAdmission;
    private final SessionRegistry sessions = new SessionRegistry();
    private final SessionDrain drain = new SessionDrain(sessions);
    /** Gateway role only: resumes of sessions another gateway held (H33). */
    private final Optional<SessionAdoption> adoption;

    /** @param ticker the monotonic time source of every duration (cooldowns, backoff, watchdog, chunk latency) */
    public StreamingSessionService(SpeechRecognizerPort recognizer, SecretSourcePort secrets, Executor laneExecutor,
                                   SchedulerPort scheduler, TickerPort ticker, SessionMetricsPort metrics,
                                   SessionSettings settings) {
        this(recognizer, secrets, laneExecutor, scheduler, ticker, metrics, settings, Optional.empty());
    }

    /** @param journaling gateway role: every resumable session's client side is journaled, and adoptable (H33) */
    public StreamingSessionService(SpeechRecognizerPort recognizer, SecretSourcePort secrets, Executor laneExecutor,
                                   SchedulerPort scheduler, TickerPort ticker, SessionMetricsPort metrics,
                                   SessionSettings settings, Optional<ClientJournaling> journaling) {
        this.context = new SessionContext(recognizer, secrets, laneExecutor, scheduler, ticker, metrics, settings,
                journaling);
        this.addressLimiter = new AttachRateLimiter(ticker, settings.addressBurst(), settings.addressPerSecond());
        this.keyAdmission = new KeyAdmission(ticker, settings.resumeRules().busyRetryAfter());
        this.adoption = journaling.map(journal -> new SessionAdoption(context, journal, sessions, keyAdmission));
    }

    @Override
    public OpenOutcome open(OpenStreamCommand command, ClientChannelPort channel) {
        Optional<ClientError> refusal = drain.refusal()
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
        LiveSession live = new LiveSession(session, command.lifetime(), channel, context, sessions::forget,
                sessions::releaseSlot, new SessionOrigin.Opened(command.caller().name()));
        sessions.add(live, slot);
        LOG.log(Level.INFO, "{0}: opened by {1} as {2}", live, command.clientAddress(), command.caller().name());
        context.metrics().sessionOpened();
        live.lane().execute(live::start);
        drain.catchUp(live);
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
        LiveSession live = sessions.find(command.sessionId());
        if (live == null && adoption.isPresent()) {
            return adoption.get().adopt(command).thenCompose(adopted -> switch (adopted) {
                case SessionAdoption.Adoption.Ready ready -> resumeOn(ready.live(), command, channel);
                case SessionAdoption.Adoption.Refused refused -> {
                    context.metrics().rejected(refused.error().code());
                    LOG.log(Level.INFO, "session {0}: resume from {1} refused: {2}", command.sessionId(),
                            command.clientAddress(), refused.error().code());
                    yield CompletableFuture.completedFuture(new OpenOutcome.Refused(refused.error()));
                }
            });
        }
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
        return resumeOn(live, command, channel);
    }

    private CompletionStage<OpenOutcome> resumeOn(LiveSession live, ResumeStreamCommand command,
                                                  ClientChannelPort channel) {
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
                    : drain.resumed(live, live.resume(command, channel)));
        } catch (RuntimeException | Error failure) {
            outcome.completeExceptionally(failure);
            throw failure;
        }
    }

    @Override
    public Routing pushAudio(StreamHandle handle, byte[] pcm, Runnable readNext) {
        // not through route(): one lambda per frame, not two, on the hottest path
        LiveSession live = sessions.find(handle.sessionId());
        if (live == null) {
            return SessionRegistry.gone(handle, "audio");
        }
        live.lane().execute(() -> live.messages().pushAudio(handle.generation(), pcm, readNext));
        return Routing.QUEUED;
    }

    @Override
    public Routing finalizeStream(StreamHandle handle, Runnable readNext) {
        return sessions.route(handle, "finalize",
                (live, generation) -> live.messages().finalizeStream(generation, readNext));
    }

    @Override
    public Routing closeStream(StreamHandle handle, Runnable readNext) {
        return sessions.route(handle, "close_stream",
                (live, generation) -> live.messages().closeStream(generation, readNext));
    }

    @Override
    public Routing keepAlive(StreamHandle handle, Runnable readNext) {
        return sessions.route(handle, "keepalive",
                (live, generation) -> live.messages().keepAlive(generation, readNext));
    }

    @Override
    public Routing clientGone(StreamHandle handle, ClientDeparture departure) {
        return sessions.route(handle, "client gone", (live, generation) -> live.clientGone(generation, departure));
    }

    @Override
    public int activeSessions() {
        return sessions.size();
    }

    @Override
    public int activeAttachments() {
        return sessions.count(LiveSession::isAttached);
    }

    @Override
    public int activeProviderStreams() {
        return sessions.count(LiveSession::holdsRecognizerStream);
    }

    // ---- drain (H29), driven by DrainCoordinator ------------------------------------------

    /** See {@link SessionDrain#begin(long, ClientError)}. */
    void beginDrain(long deadlineNanos, ClientError refusal) {
        drain.begin(deadlineNanos, refusal);
    }

    /** See {@link SessionDrain#finalizeAll()}. */
    void finalizeAllForDrain() {
        drain.finalizeAll();
    }

    /** Completes once no session is left (at once if none is). */
    CompletableFuture<Void> whenNoSessions() {
        return sessions.whenEmpty();
    }

    /** Ends every session with {@code reason}; used on shutdown. */
    public void endAll(ClientError reason) {
        sessions.forEachOnLane(live -> live.fail(reason));
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
        KeyAdmission.Slot slot = sessions.slot(command.sessionId());
        if (slot == null || slot.caller().name().equals(command.caller().name())) {
            return Optional.empty();
        }
        LOG.log(Level.INFO, "session {0}: resume from {1} as {2} refused: it belongs to another key",
                command.sessionId(), command.clientAddress(), command.caller().name());
        return Optional.of(ClientError.of(ErrorCode.RESUME_DENIED, "this session was opened with another key"));
    }
}
