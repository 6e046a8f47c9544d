package dev.hark.infrastructure.outbound.deepgram;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerCapacityPort;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.infrastructure.outbound.deepgram.HandshakeResponse.Answer;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deepgram's live API as a {@link SpeechRecognizerPort}: one WebSocket per session over a Jetty
 * client this adapter owns. Build it with {@link #start}, {@link #close()} it at shutdown
 * (bootstrap wraps it in a {@code Managed}). Handshake refusals are typed for the session: a
 * 4xx other than 429 is {@code PROVIDER_REJECTED} and not retried (a new connection would get
 * the same answer); 429, 5xx, connection failures and handshake timeouts are retryable.
 */
public final class DeepgramRecognizerAdapter implements SpeechRecognizerPort, AutoCloseable, RecognizerCapacityPort {

    /** The last non-retryable handshake refusal (a client-safe message), or null after a success. */
    private volatile String lastRefusal;


    private static final Logger LOG = LoggerFactory.getLogger(DeepgramRecognizerAdapter.class);

    /** Deepgram asks for frames of 20–250 ms. */
    static final Duration MIN_FRAME = Duration.ofMillis(20);
    static final Duration MAX_FRAME = Duration.ofMillis(250);
    /** Mono or stereo; more channels would need Deepgram's multichannel results, which Hark does not map. */
    static final int MAX_CHANNELS = 2;
    /** Deepgram asks for no more than 1.25× real time; faster only delays its results. */
    static final double MAX_REPLAY_SPEED = 1.25;
    /** Audio queued unwritten beyond this much fails the stream: the connection has stalled. */
    static final Duration MAX_QUEUED_AUDIO = Duration.ofSeconds(10);
    /** Longer than any keepalive interval: the session keeps the socket busy while it lives. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Far above any Results message (a few KB), so a long final never closes the socket with 1009. */
    private static final long MAX_MESSAGE_BYTES = 1 << 20;

    private final WebSocketClient client;
    private final DeepgramSettings settings;
    private final ProviderFailures failures;
    private final UpgradeFailures upgradeFailures;
    private final Duration maxQueuedAudio;

    private DeepgramRecognizerAdapter(WebSocketClient client, DeepgramSettings settings, Duration maxQueuedAudio) {
        this.client = client;
        this.settings = settings;
        this.failures = new ProviderFailures(settings.retryAfter());
        this.upgradeFailures = new UpgradeFailures(failures, settings.apiKey());
        this.maxQueuedAudio = maxQueuedAudio;
    }

    /**
     * Starts the Jetty WebSocket client this adapter owns. No connection is made until a stream opens.
     *
     * @throws IllegalStateException when the client cannot start
     */
    public static DeepgramRecognizerAdapter start(DeepgramSettings settings) {
        return start(settings, MAX_QUEUED_AUDIO);
    }

    /** As {@link #start(DeepgramSettings)} with another stall bound; tests use a small one. */
    static DeepgramRecognizerAdapter start(DeepgramSettings settings, Duration maxQueuedAudio) {
        WebSocketClient client = new WebSocketClient();
        client.setConnectTimeout(settings.handshakeTimeout().toMillis());
        client.setIdleTimeout(IDLE_TIMEOUT);
        client.setStopTimeout(settings.closeTimeout().toMillis());
        client.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Deepgram WebSocket client", e);
        }
        LOG.info("Deepgram adapter ready: {}", settings);
        return new DeepgramRecognizerAdapter(client, settings, maxQueuedAudio);
    }

    @Override
    public ChunkPolicy chunking() {
        return ChunkPolicy.DEFAULTS.clampedTo(MIN_FRAME, MAX_FRAME);
    }

    @Override
    public double maxReplaySpeed() {
        return MAX_REPLAY_SPEED;
    }

    /**
     * Every encoding Hark accepts (linear16, mulaw, alaw), at any rate, mono or stereo: Deepgram
     * decodes them itself, so the audio passes through untouched and Deepgram is told the format.
     */
    @Override
    public Optional<ClientError> refusalFor(AudioFormat format) {
        if (format.channels() > MAX_CHANNELS) {
            return refuse("Deepgram streams take at most " + MAX_CHANNELS + " channels (got " + format.channels() + ")");
        }
        return Optional.empty();
    }

    /**
     * Returns at once; the future completes when Deepgram accepted the upgrade, before any event
     * of the stream reaches {@code listener}. A caller that cancels it abandons the connection:
     * it is closed as soon as it opens.
     */
    @Override
    public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request,
                                                          RecognitionListener listener) {
        AudioFormat format = request.options().format();
        Optional<ClientError> refusal = refusalFor(format);
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new RecognizerException(refusal.get()));
        }
        Scheduler scheduler = client.getHttpClient().getScheduler();
        DeepgramRecognizerStream stream = new DeepgramRecognizerStream(request.sessionId(), listener,
                new SampleClock(format.sampleRate()), failures, scheduler, settings.closeTimeout(),
                maxQueuedAudio.toMillis() * format.sampleRate() / 1000 * format.bytesPerFrame());
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(ListenRequest.uri(settings, request.options()));
        upgrade.setHeader("Authorization", "Token " + settings.apiKey());
        HandshakeResponse handshake = new HandshakeResponse();
        CompletableFuture<Session> connecting;
        try {
            connecting = client.connect(new DeepgramSocket(stream), upgrade, handshake);
        } catch (IOException | RuntimeException e) {
            stream.openFailed(upgradeFailures.unreachable(request.sessionId(), e));
            return stream.opened();
        }
        Scheduler.Task timer;
        try {
            timer = scheduler.schedule(() -> giveUp(request.sessionId(), stream, connecting),
                    settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // stopping: nothing may wait on a timer that will never fire
            stream.openFailed(upgradeFailures.unreachable(request.sessionId(), e));
            connecting.cancel(false);
            return stream.opened();
        }
        connecting.whenComplete((session, failure) -> {
            timer.cancel();
            if (failure == null) {
                lastRefusal = null;
                Answer answer = handshake.answer();
                LOG.debug("session {}: Deepgram stream open (dg-request-id {})", request.sessionId(),
                        answer == null ? "unknown" : answer.requestId());
            } else if (!stream.opened().isDone()) { // done: the timeout or the caller ended it already
                RecognizerException typed = upgradeFailures.classify(request.sessionId(), failure, handshake.answer());
                if (!typed.isRetryable()) {
                    lastRefusal = typed.clientError().message();
                }
                stream.openFailed(typed);
            }
        });
        return stream.opened();
    }

    /**
     * Not accepting while Deepgram's last answer to a handshake was a refusal retrying cannot fix
     * (a revoked key, an exhausted plan): every new session would fail the same way until an
     * operator acts. Cleared by the next handshake that succeeds.
     */
    @Override
    public RecognizerCapacity capacity() {
        String refusal = lastRefusal;
        return new RecognizerCapacity(0, 0, 0, 0, Optional.ofNullable(refusal).map(r -> "Deepgram refused the last "
                + "stream: " + r));
    }

    /** Stops the WebSocket client, dropping any stream still open. Idempotent. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            LOG.warn("Deepgram WebSocket client did not stop cleanly", e);
        }
    }

    /** Connections the client holds open; lets tests see a socket is really gone. */
    int openConnections() {
        return client.getOpenSessions().size();
    }

    private void giveUp(SessionId sessionId, DeepgramRecognizerStream stream, CompletableFuture<Session> connecting) {
        if (connecting.isDone()) {
            return;
        }
        LOG.warn("session {}: Deepgram did not accept the connection within {}", sessionId,
                settings.handshakeTimeout());
        stream.openFailed(failures.handshakeTimedOut()); // first, so the abort below reports nothing else
        connecting.completeExceptionally(new TimeoutException("handshake timeout")); // aborts the upgrade
    }

    private static Optional<ClientError> refuse(String message) {
        return Optional.of(ClientError.of(ErrorCode.UNSUPPORTED_AUDIO_FORMAT, message));
    }
}
