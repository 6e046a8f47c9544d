package dev.hark.application.service;

import dev.hark.application.port.in.ClientGoneUseCase;
import dev.hark.application.port.in.CloseStreamUseCase;
import dev.hark.application.port.in.FinalizeStreamUseCase;
import dev.hark.application.port.in.OpenOutcome;
import dev.hark.application.port.in.OpenStreamCommand;
import dev.hark.application.port.in.OpenStreamUseCase;
import dev.hark.application.port.in.PushAudioUseCase;
import dev.hark.application.port.in.SessionStatsQuery;
import dev.hark.application.port.in.StreamHandle;
import dev.hark.application.port.out.ClientChannelPort;
import dev.hark.application.port.out.RecognizerException;
import dev.hark.application.port.out.RecognizerStream;
import dev.hark.application.port.out.RecognizerStreamRequest;
import dev.hark.application.port.out.SecretSourcePort;
import dev.hark.application.port.out.ServerMessage;
import dev.hark.application.port.out.SpeechRecognizerPort;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.FrameVerdict;
import dev.hark.domain.session.Session;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs live transcription sessions: opens each session's recognizer stream, moves audio and
 * control from the client to it, numbers its results and sends them back.
 *
 * <p>Concurrency rule: every event of a session (client frames, control messages, socket
 * close, recognizer results) is queued on the session's {@link SerialLane} and touches state
 * only there. Calls into this service return at once and never block on recognition.
 */
public final class StreamingSessionService implements OpenStreamUseCase, PushAudioUseCase,
        FinalizeStreamUseCase, CloseStreamUseCase, ClientGoneUseCase, SessionStatsQuery {

    private static final Logger LOG = System.getLogger(StreamingSessionService.class.getName());

    private final SpeechRecognizerPort recognizer;
    private final SecretSourcePort secrets;
    private final Executor laneExecutor;
    private final SessionSettings settings;
    private final Map<dev.hark.domain.session.SessionId, SessionRuntime> sessions = new ConcurrentHashMap<>();

    public StreamingSessionService(SpeechRecognizerPort recognizer, SecretSourcePort secrets,
                                   Executor laneExecutor, SessionSettings settings) {
        this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.laneExecutor = Objects.requireNonNull(laneExecutor, "laneExecutor");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public OpenOutcome open(OpenStreamCommand command, ClientChannelPort channel) {
        StreamOptions options = command.options();
        Optional<ClientError> refusal = recognizer.refusalFor(options.format());
        if (refusal.isPresent()) {
            return new OpenOutcome.Refused(refusal.get());
        }
        Session session = Session.start(secrets.newSessionId(), secrets.newResumeToken(), options);
        SessionRuntime runtime = newRuntime(session, channel);
        sessions.put(session.id(), runtime);
        LOG.log(Level.INFO, "session {0} gen {1}: opened by {2}", session.id(), session.generation(),
                command.clientAddress());
        runtime.lane.execute(() -> startRecognizer(runtime));
        return new OpenOutcome.Opening(new StreamHandle(session.id(), session.generation()));
    }

    @Override
    public void pushAudio(StreamHandle handle, byte[] pcm) {
        onLane(handle, "audio", runtime -> acceptAudio(runtime, pcm));
    }

    @Override
    public void finalizeStream(StreamHandle handle) {
        onLane(handle, "finalize", runtime -> {
            switch (runtime.provider) {
                case ProviderState.Open open -> open.stream().finalizeUtterance();
                case ProviderState.Opening opening -> runtime.finalizeRequested = true;
                case ProviderState.Gone gone -> { }
            }
        });
    }

    @Override
    public void closeStream(StreamHandle handle) {
        onLane(handle, "close_stream", runtime -> {
            if (!runtime.session.beginClosing()) {
                return;
            }
            if (runtime.provider instanceof ProviderState.Open open) {
                open.stream().closeGracefully();
            }
            // still opening: the close is carried out as soon as the stream opens
        });
    }

    @Override
    public void clientGone(StreamHandle handle) {
        onLane(handle, "client gone", runtime -> {
            LOG.log(Level.INFO, "{0}: client went away without close_stream; ending session", runtime);
            end(runtime);
        });
    }

    @Override
    public int activeSessions() {
        return sessions.size();
    }

    /** Ends every session with {@code reason}; used on shutdown. */
    public void endAll(ClientError reason) {
        for (SessionRuntime runtime : sessions.values()) {
            runtime.lane.execute(() -> failSession(runtime, reason));
        }
    }

    private SessionRuntime newRuntime(Session session, ClientChannelPort channel) {
        long maxPendingBytes = session.format().samplesFor(settings.maxPendingAudio().toMillis())
                * session.format().bytesPerFrame();
        SessionRuntime[] holder = new SessionRuntime[1];
        SerialLane lane = new SerialLane(laneExecutor, failure -> onLaneFailure(holder[0], failure));
        holder[0] = new SessionRuntime(session, lane, channel, new PendingAudio(maxPendingBytes));
        return holder[0];
    }

    private void onLane(StreamHandle handle, String event, java.util.function.Consumer<SessionRuntime> action) {
        SessionRuntime runtime = sessions.get(handle.sessionId());
        if (runtime == null) {
            LOG.log(Level.DEBUG, "session {0} gen {1}: {2} for a session that no longer exists; ignored",
                    handle.sessionId(), handle.generation(), event);
            return;
        }
        runtime.lane.execute(() -> {
            if (!runtime.admits(handle)) {
                LOG.log(Level.DEBUG, "session {0} gen {1}: stale {2} ignored", handle.sessionId(),
                        handle.generation(), event);
                return;
            }
            action.accept(runtime);
        });
    }

    private void startRecognizer(SessionRuntime runtime) {
        CompletableFuture<RecognizerStream> opening;
        try {
            opening = recognizer.openStream(
                    new RecognizerStreamRequest(runtime.session.id(), runtime.session.options()),
                    new SessionRecognitionListener(runtime, this));
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        opening.whenComplete((stream, failure) ->
                runtime.lane.execute(() -> onRecognizerOpened(runtime, stream, failure)));
    }

    private void onRecognizerOpened(SessionRuntime runtime, RecognizerStream stream, Throwable failure) {
        if (runtime.session.state().isTerminal()) {
            if (stream != null) {
                stream.abort();
            }
            return;
        }
        if (failure != null) {
            failSession(runtime, clientErrorOf(failure, runtime));
            return;
        }
        runtime.provider = new ProviderState.Open(stream);
        boolean closing = !runtime.session.activate();
        if (!closing) {
            runtime.channel.send(new ServerMessage.SessionStarted(runtime.session.id(),
                    runtime.session.resumeToken(), runtime.session.generation()));
        }
        for (PcmChunk chunk : runtime.pending.drain()) {
            stream.sendAudio(chunk);
        }
        if (runtime.finalizeRequested) {
            runtime.finalizeRequested = false;
            stream.finalizeUtterance();
        }
        if (closing) {
            stream.closeGracefully();
        }
    }

    private void acceptAudio(SessionRuntime runtime, byte[] pcm) {
        switch (runtime.session.acceptAudio(pcm)) {
            case FrameVerdict.Refused refused -> runtime.channel.send(new ServerMessage.ErrorNotice(refused.error()));
            case FrameVerdict.Accepted accepted -> forward(runtime, accepted.chunk());
        }
    }

    private void forward(SessionRuntime runtime, PcmChunk chunk) {
        switch (runtime.provider) {
            case ProviderState.Open open -> open.stream().sendAudio(chunk);
            case ProviderState.Opening opening -> {
                if (!runtime.pending.offer(chunk)) {
                    runtime.channel.send(new ServerMessage.ErrorNotice(ClientError.of(ErrorCode.AUDIO_BUFFER_FULL,
                            "audio is arriving faster than it can be buffered while the recognizer starts; "
                                    + "frame dropped")));
                }
            }
            case ProviderState.Gone gone -> { }
        }
    }

    void onHypothesis(SessionRuntime runtime, Hypothesis hypothesis) {
        if (runtime.session.state().isTerminal() || hypothesis.isBlank()) {
            return;
        }
        if (!hypothesis.isFinal() && !runtime.session.options().interimResults()) {
            return;
        }
        runtime.channel.send(new ServerMessage.TranscriptUpdate(runtime.session.number(hypothesis),
                runtime.session.format()));
    }

    void onRecognizerClosed(SessionRuntime runtime) {
        if (runtime.session.state().isTerminal()) {
            return;
        }
        runtime.channel.send(new ServerMessage.SessionClosed("client_closed"));
        runtime.channel.closeNormally();
        LOG.log(Level.INFO, "{0}: closed by the client after {1} finals", runtime, runtime.session.lastFinalSeq());
        end(runtime);
    }

    void onRecognizerFailed(SessionRuntime runtime, RecognizerException failure) {
        if (runtime.session.state().isTerminal()) {
            return;
        }
        LOG.log(Level.WARNING, runtime + ": recognizer failed", failure);
        failSession(runtime, failure.clientError());
    }

    private void failSession(SessionRuntime runtime, ClientError error) {
        if (runtime.session.state().isTerminal()) {
            return;
        }
        runtime.channel.send(new ServerMessage.ErrorNotice(error));
        runtime.channel.closeFor(error.code());
        end(runtime);
    }

    /** Releases everything the session owns, once: recognizer stream, pending audio, registry entry. */
    private void end(SessionRuntime runtime) {
        if (!runtime.session.close()) {
            return;
        }
        if (runtime.provider instanceof ProviderState.Open open) {
            open.stream().abort();
        }
        runtime.provider = new ProviderState.Gone();
        runtime.pending.drain();
        runtime.channel.closeNormally();
        sessions.remove(runtime.session.id(), runtime);
    }

    private void onLaneFailure(SessionRuntime runtime, Throwable failure) {
        LOG.log(Level.ERROR, runtime + ": unexpected failure; ending session", failure);
        failSession(runtime, ClientError.of(ErrorCode.INTERNAL_ERROR,
                "internal error in session " + runtime.session.id()));
    }

    private static ClientError clientErrorOf(Throwable failure, SessionRuntime runtime) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RecognizerException recognizerFailure) {
            LOG.log(Level.WARNING, "{0}: recognizer refused: {1}", runtime, recognizerFailure.getMessage());
            return recognizerFailure.clientError();
        }
        LOG.log(Level.ERROR, runtime + ": recognizer could not be opened", cause);
        return ClientError.of(ErrorCode.PROVIDER_ERROR, "the recognizer could not be started");
    }
}
