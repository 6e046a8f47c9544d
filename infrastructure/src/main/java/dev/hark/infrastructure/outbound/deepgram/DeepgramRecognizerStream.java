package dev.hark.infrastructure.outbound.deepgram;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.SessionId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Deepgram connection as a {@link RecognizerStream}. The phase says what may still be sent
 * ({@code OPEN}: anything; {@code CLOSING}: nothing, but results still flow until Deepgram's
 * close frame); the {@link ListenerGate} makes sure the listener hears exactly one ending.
 * Writes never block: Jetty queues them, and the bytes queued but not yet written are bounded,
 * so a stalled connection fails the stream (retryable; the session replays from its ledger)
 * instead of growing without limit.
 */
final class DeepgramRecognizerStream implements RecognizerStream {

    private static final Logger LOG = LoggerFactory.getLogger(DeepgramRecognizerStream.class);

    private enum Phase { CONNECTING, OPEN, CLOSING, ENDED }

    private final SessionId sessionId;
    private final ListenerGate gate;
    private final DeepgramEventTranslator translator;
    private final ProviderFailures failures;
    private final Scheduler scheduler;
    private final Duration closeTimeout;
    private final long maxQueuedBytes;

    private final CompletableFuture<RecognizerStream> opened = new CompletableFuture<>();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.CONNECTING);
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile Session socket;
    private volatile Scheduler.Task closeTimer;

    DeepgramRecognizerStream(SessionId sessionId, RecognitionListener listener, SampleClock clock,
                             ProviderFailures failures, Scheduler scheduler, Duration closeTimeout,
                             long maxQueuedBytes) {
        this.sessionId = sessionId;
        this.gate = new ListenerGate(sessionId, listener);
        this.translator = new DeepgramEventTranslator(sessionId, clock, gate);
        this.failures = failures;
        this.scheduler = scheduler;
        this.closeTimeout = closeTimeout;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    SessionId sessionId() {
        return sessionId;
    }

    /** Completes with this stream once the upgrade succeeded, before any of its events. */
    CompletableFuture<RecognizerStream> opened() {
        return opened;
    }

    // ---- opening: the adapter and the socket -------------------------------------------

    /** The upgrade succeeded; unless the adapter gave up meanwhile, the stream is open. */
    void onOpen(Session session) {
        socket = session;
        if (phase.compareAndSet(Phase.CONNECTING, Phase.OPEN) && opened.complete(this)) {
            return;
        }
        LOG.debug("session {}: Deepgram connection opened after the adapter gave up; closing it", sessionId);
        phase.set(Phase.ENDED);
        gate.silence();
        session.close(ProviderFailures.NORMAL_CLOSURE, "client gave up", Callback.NOOP);
    }

    /** The upgrade failed or timed out; nothing was opened and the listener hears nothing. */
    void openFailed(RecognizerException failure) {
        if (phase.compareAndSet(Phase.CONNECTING, Phase.ENDED)) {
            gate.silence();
            opened.completeExceptionally(failure);
        }
    }

    // ---- RecognizerStream ----------------------------------------------------------------

    @Override
    public void sendAudio(PcmChunk chunk) {
        int bytes = chunk.pcm().length;
        if (bytes == 0 || phase.get() != Phase.OPEN) {
            return; // a zero-length binary frame is Deepgram's legacy "end of stream"
        }
        if (queuedBytes.addAndGet(bytes) > maxQueuedBytes) {
            queuedBytes.addAndGet(-bytes);
            LOG.warn("session {}: more than {} bytes of audio queued unsent to Deepgram; dropping the connection",
                    sessionId, maxQueuedBytes);
            fail(failures.stalled());
            return;
        }
        Session open = socket;
        try {
            open.sendBinary(ByteBuffer.wrap(chunk.pcm()), Callback.from(() -> queuedBytes.addAndGet(-bytes), failure -> {
                queuedBytes.addAndGet(-bytes);
                fail(failures.connectionLost(failure));
            }));
        } catch (RuntimeException e) {
            fail(failures.connectionLost(e));
        }
    }

    @Override
    public void finalizeUtterance() {
        if (phase.get() == Phase.OPEN) {
            sendControl(DeepgramMessages.FINALIZE);
        }
    }

    @Override
    public void keepAlive() {
        if (phase.get() == Phase.OPEN) {
            sendControl(DeepgramMessages.KEEP_ALIVE);
        }
    }

    /**
     * Sends {@code CloseStream} and keeps reading: Deepgram sends its last finals, then closes
     * with 1000, which ends the stream with {@code onClosed}. Closing the socket here would lose
     * those finals.
     */
    @Override
    public void closeGracefully() {
        if (!phase.compareAndSet(Phase.OPEN, Phase.CLOSING)) {
            return;
        }
        try {
            closeTimer = scheduler.schedule(this::closeTimedOut, closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // the adapter is shutting down: no timer, so no graceful close either
            fail(failures.connectionLost(e));
            return;
        }
        sendControl(DeepgramMessages.CLOSE_STREAM);
    }

    @Override
    public void abort() {
        Phase before = phase.getAndSet(Phase.ENDED);
        gate.silence();
        cancelCloseTimer();
        Session open = socket;
        if (before != Phase.ENDED && open != null && open.isOpen()) {
            LOG.debug("session {}: Deepgram stream aborted", sessionId);
            open.close(ProviderFailures.NORMAL_CLOSURE, "aborted", Callback.NOOP);
        }
    }

    @Override
    public boolean isOpen() {
        return phase.get() == Phase.OPEN;
    }

    // ---- socket events: Jetty's serial event thread ---------------------------------------

    void onText(String text) {
        if (phase.get() != Phase.ENDED) {
            translator.accept(text);
        }
    }

    void onServerClose(int code, String reason) {
        boolean closing = phase.get() == Phase.CLOSING;
        failures.serverClosed(code, reason, closing).ifPresentOrElse(failure -> {
            LOG.debug("session {}: Deepgram closed the stream: {} {}", sessionId, code, reason);
            fail(failure);
        }, this::closed);
    }

    /** During the upgrade the adapter reports the failure (it knows the HTTP status); later it is a lost connection. */
    void onError(Throwable cause) {
        if (phase.get() != Phase.CONNECTING) {
            fail(failures.connectionLost(cause));
        }
    }

    // ---- endings ---------------------------------------------------------------------------

    private void closed() {
        phase.set(Phase.ENDED);
        cancelCloseTimer();
        if (gate.finish(RecognitionListener::onClosed)) {
            LOG.debug("session {}: Deepgram stream closed", sessionId);
        }
    }

    private void closeTimedOut() {
        if (phase.get() == Phase.CLOSING) {
            LOG.warn("session {}: Deepgram did not close within {} after CloseStream", sessionId, closeTimeout);
            fail(failures.closeTimedOut());
        }
    }

    /** Ends the stream with {@code failure} unless it already ended, and drops the connection. */
    private void fail(RecognizerException failure) {
        phase.set(Phase.ENDED);
        cancelCloseTimer();
        if (!gate.finish(listener -> listener.onFailed(failure))) {
            return;
        }
        LOG.info("session {}: Deepgram stream failed: {}", sessionId, failure.getMessage());
        Session open = socket;
        if (open != null && open.isOpen()) {
            open.disconnect();
        }
    }

    private void sendControl(String json) {
        try {
            socket.sendText(json, Callback.from(() -> { }, failure -> fail(failures.connectionLost(failure))));
        } catch (RuntimeException e) {
            fail(failures.connectionLost(e));
        }
    }

    private void cancelCloseTimer() {
        Scheduler.Task timer = closeTimer;
        if (timer != null) {
            timer.cancel();
        }
    }
}
