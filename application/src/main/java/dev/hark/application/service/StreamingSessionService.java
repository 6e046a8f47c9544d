package dev.hark.application.service;

import dev.hark.application.port.inbound.AudioFormatQuery;
import dev.hark.application.port.inbound.ClientGoneUseCase;
import dev.hark.application.port.inbound.CloseStreamUseCase;
import dev.hark.application.port.inbound.FinalizeStreamUseCase;
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
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.Session;
import dev.hark.domain.session.SessionId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
 */
public final class StreamingSessionService implements OpenStreamUseCase, ResumeStreamUseCase, PushAudioUseCase,
        FinalizeStreamUseCase, CloseStreamUseCase, ClientGoneUseCase, SessionStatsQuery, AudioFormatQuery {

    private static final Logger LOG = System.getLogger(StreamingSessionService.class.getName());

    private final SessionContext context;
    private final AttachRateLimiter addressLimiter;
    private final Map<SessionId, LiveSession> sessions = new ConcurrentHashMap<>();

    public StreamingSessionService(SpeechRecognizerPort recognizer, SecretSourcePort secrets, Executor laneExecutor,
                                   SchedulerPort scheduler, Clock clock, SessionMetricsPort metrics,
                                   SessionSettings settings) {
        this.context = new SessionContext(recognizer, secrets, laneExecutor, scheduler, clock, metrics, settings);
        this.addressLimiter = new AttachRateLimiter(clock, settings.addressBurst(), settings.addressPerSecond());
    }

    @Override
    public OpenOutcome open(OpenStreamCommand command, ClientChannelPort channel) {
        Optional<ClientError> refusal = addressRefusal(command.clientAddress())
                .or(() -> context.recognizer().refusalFor(command.options().format()));
        if (refusal.isPresent()) {
            context.metrics().rejected(refusal.get().code());
            return new OpenOutcome.Refused(refusal.get());
        }
        Session session = Session.start(context.secrets().newSessionId(), context.secrets().newResumeToken(),
                command.options(), context.settings().outboxCapacity(), context.clock().instant());
        LiveSession live = new LiveSession(session, command.lifetime(), channel, context, this::forget);
        sessions.put(session.id(), live);
        LOG.log(Level.INFO, "{0}: opened by {1}", live, command.clientAddress());
        live.lane().execute(live::start);
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
        CompletableFuture<OpenOutcome> outcome = new CompletableFuture<>();
        live.lane().execute(() -> outcome.complete(live.session().state().isTerminal()
                ? new OpenOutcome.Refused(ClientError.of(ErrorCode.SESSION_NOT_FOUND,
                        "session " + command.sessionId() + " has ended"))
                : live.resume(command, channel)));
        return outcome;
    }

    @Override
    public Routing pushAudio(StreamHandle handle, byte[] pcm, Runnable readNext) {
        LiveSession live = sessions.get(handle.sessionId());
        if (live == null) {
            return gone(handle, "audio");
        }
        // one registry lookup per frame; the hold flag decides who reads on (H24)
        boolean held = live.readsHeld();
        Runnable next = held ? readNext : () -> { };
        live.lane().execute(() -> live.pushAudio(handle.generation(), pcm, next));
        return held ? Routing.QUEUED_READ_HELD : Routing.QUEUED;
    }

    @Override
    public Routing finalizeStream(StreamHandle handle) {
        return route(handle, "finalize", LiveSession::finalizeStream);
    }

    @Override
    public Routing closeStream(StreamHandle handle) {
        return route(handle, "close_stream", LiveSession::closeStream);
    }

    @Override
    public Routing clientGone(StreamHandle handle) {
        return route(handle, "client gone", LiveSession::clientGone);
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
        return (int) sessions.values().stream().filter(LiveSession::hasProviderStream).count();
    }

    /** Ends every session with {@code reason}; used on shutdown. */
    public void endAll(ClientError reason) {
        for (LiveSession live : sessions.values()) {
            live.lane().execute(() -> live.fail(reason));
        }
    }

    private Routing route(StreamHandle handle, String event, BiConsumer<LiveSession, dev.hark.domain.session.Generation> action) {
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

    private void forget(LiveSession live) {
        sessions.remove(live.session().id(), live);
    }
}
