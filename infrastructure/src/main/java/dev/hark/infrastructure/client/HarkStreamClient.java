package dev.hark.infrastructure.client;

import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionStarted;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Streams audio to a Hark server over the v1 protocol and reports what it hears.
 *
 * <p>{@link #connect()} is single-flight: while a stream is opening or open, every call shares
 * it, so two rapid calls never open two sockets (and never start two server sessions). Each caller
 * gets its own copy of the shared future, so one caller cancelling can't fail the others. A new
 * session is started only once the previous stream has ended.
 *
 * <p>Audio goes out in 20 ms frames, each one only after the previous send's callback completed,
 * so a slow server pushes back on the client instead of frames piling up in memory.
 *
 * <h2>Resume after a dropped connection</h2>
 *
 * <p>If the socket goes away after {@code session.started} but before {@code session.closed}
 * (an abnormal close code, a 1000 without {@code session.closed}, a reset, a failed send), the
 * client resumes the same session by itself instead of failing: it opens a new socket to the same
 * endpoint with {@code session_id}, the latest {@code resume_token} (every resume rotates it) and
 * {@code last_seq}, the {@code seq} of the last final it delivered (0 if none). On
 * {@code session.resumed} it resends the audio from {@code audio_end_samples} (exact; rounded from
 * {@code audio_end} seconds if absent), then streams the rest of the file as before, including
 * {@code close_stream} if the drop came after it. Finals are delivered to the listener exactly
 * once, in order: anything with a {@code seq} not above the last delivered final is dropped, so
 * a server replay can't duplicate a line. The listener sees a {@link StreamEvent.SessionResumed}
 * for each resume; {@link #connect()} and {@link #stream} futures don't see the drop at all, and a
 * resume is never a second public connect: it reattaches the one session.
 *
 * <p>Attempts are bounded by the {@link ResumePolicy} (default: 5 per drop, waiting 200 ms
 * doubling to 2 s before each, or the server's {@code retry_after_ms} if longer). Dropped and
 * timed-out attempts and {@code SESSION_BUSY} / {@code RECONNECT_TOO_SOON} refusals are retried;
 * any other refusal ({@code SESSION_NOT_FOUND}, {@code RESUME_DENIED}, {@code INVALID_PARAMETER},
 * ...) fails the stream at once with that code, and running out of attempts fails it with
 * {@code resume_failed}; both messages start with why the connection dropped. An {@code error}
 * that ends the stream ({@code PROVIDER_ERROR}, ...) is never resumed; the protocol's
 * non-ending errors (such as {@code FINALS_EXPIRED}) reach the listener and the stream goes on.
 */
public final class HarkStreamClient implements AutoCloseable {

    /** Frame length the protocol recommends: small enough for low latency, large enough to be cheap. */
    public static final int FRAME_MILLIS = 20;

    private final WebSocketClient webSockets;
    private final StreamTarget target;
    private final ClientSettings settings;
    private final ResumePolicy resumePolicy;
    private final StreamListener listener;
    private final Executor executor;
    private final boolean ownsWebSockets;
    private final AtomicReference<ResumingStream> current = new AtomicReference<>();

    /**
     * Uses {@code webSockets} (already started; the caller stops it) and runs the audio sender and
     * resumes on {@code executor}, which must run tasks concurrently (the sender blocks while a
     * resume runs): a thread per task, as {@link #start} uses.
     */
    public HarkStreamClient(WebSocketClient webSockets, StreamTarget target, ClientSettings settings,
                            ResumePolicy resumePolicy, StreamListener listener, Executor executor) {
        this(webSockets, target, settings, resumePolicy, listener, executor, false);
    }

    /** As above with {@link ResumePolicy#defaults()}. */
    public HarkStreamClient(WebSocketClient webSockets, StreamTarget target, ClientSettings settings,
                            StreamListener listener, Executor executor) {
        this(webSockets, target, settings, ResumePolicy.defaults(), listener, executor, false);
    }

    private HarkStreamClient(WebSocketClient webSockets, StreamTarget target, ClientSettings settings,
                             ResumePolicy resumePolicy, StreamListener listener, Executor executor,
                             boolean ownsWebSockets) {
        this.ownsWebSockets = ownsWebSockets;
        this.webSockets = webSockets;
        this.target = target;
        this.settings = settings;
        this.resumePolicy = resumePolicy;
        this.listener = listener;
        this.executor = executor;
    }

    /** A client with its own Jetty WebSocket client, stopped by {@link #close()}; resumes by {@link ResumePolicy#defaults()}. */
    public static HarkStreamClient start(StreamTarget target, ClientSettings settings, StreamListener listener) {
        return start(target, settings, ResumePolicy.defaults(), listener);
    }

    /** A client with its own Jetty WebSocket client, stopped by {@link #close()}. */
    public static HarkStreamClient start(StreamTarget target, ClientSettings settings, ResumePolicy resumePolicy,
                                         StreamListener listener) {
        WebSocketClient webSockets = new WebSocketClient();
        webSockets.setConnectTimeout(settings.connectTimeout().toMillis());
        webSockets.setIdleTimeout(settings.idleTimeout());
        webSockets.setStopAtShutdown(true);
        try {
            webSockets.start();
        } catch (Exception e) {
            throw new HarkStreamException("connect_failed", "cannot start WebSocket client: " + e.getMessage(), e);
        }
        Executor executor = task -> Thread.ofVirtual().name("hark-client").start(task);
        return new HarkStreamClient(webSockets, target, settings, resumePolicy, listener, executor, true);
    }

    /**
     * Opens the stream, or joins the one opening or open. Completes when the server's
     * {@code session.started} arrives; fails with a {@link HarkStreamException}.
     */
    public CompletableFuture<SessionStarted> connect() {
        return stream().started().copy();
    }

    /**
     * Connects if needed, streams all of {@code audio}, then asks the server to close. Completes
     * when the server has sent its last finals and closed the stream normally, resuming the session
     * as often as needed on the way. Audio can be streamed once per session.
     */
    public CompletableFuture<SessionClosed> stream(WavAudio audio, FramePacer pacer) {
        if (audio.sampleRate() != target.sampleRate() || audio.channels() != target.channels()) {
            throw new IllegalArgumentException("audio is " + audio + " but the stream was opened for "
                    + target.sampleRate() + " Hz, " + target.channels() + " ch");
        }
        return stream().send(audio, pacer).copy();
    }

    private ResumingStream stream() {
        while (true) {
            ResumingStream existing = current.get();
            if (existing != null && !existing.isFinished()) {
                return existing;
            }
            ResumingStream fresh = new ResumingStream(webSockets, target, settings, resumePolicy, listener, executor);
            if (current.compareAndSet(existing, fresh)) {
                fresh.open();
                return fresh;
            }
        }
    }

    /** Drops any open stream and, for a client made by {@link #start}, stops its WebSocket client. */
    @Override
    public void close() {
        ResumingStream stream = current.get();
        if (stream != null) {
            stream.fail(new HarkStreamException("closed", "client closed"));
        }
        if (ownsWebSockets) {
            try {
                webSockets.stop();
            } catch (Exception e) {
                throw new HarkStreamException("closed", "cannot stop WebSocket client: " + e.getMessage(), e);
            }
        }
    }
}
