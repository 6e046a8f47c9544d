package dev.hark.infrastructure.client;

import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionStarted;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Streams audio to a Hark server over the v1 protocol and reports what it hears.
 *
 * <p>{@link #connect()} is single-flight: while a connection is opening or open, every call
 * shares it, so two rapid calls never open two sockets (and never start two server sessions).
 * Each caller gets its own copy of the shared future, so one caller cancelling can't fail the
 * others. A new socket is opened only once the previous stream has ended.
 *
 * <p>Audio goes out in 20 ms frames, each one only after the previous send's callback completed,
 * so a slow server pushes back on the client instead of frames piling up in memory.
 */
public final class HarkStreamClient implements AutoCloseable {

    /** Frame length the protocol recommends: small enough for low latency, large enough to be cheap. */
    public static final int FRAME_MILLIS = 20;

    private final WebSocketClient webSockets;
    private final StreamTarget target;
    private final ClientSettings settings;
    private final StreamListener listener;
    private final Executor sender;
    private final boolean ownsWebSockets;
    private final AtomicReference<StreamConnection> current = new AtomicReference<>();

    /** Uses {@code webSockets} (already started; the caller stops it) and sends on {@code sender}. */
    public HarkStreamClient(WebSocketClient webSockets, StreamTarget target, ClientSettings settings,
                            StreamListener listener, Executor sender) {
        this(webSockets, target, settings, listener, sender, false);
    }

    private HarkStreamClient(WebSocketClient webSockets, StreamTarget target, ClientSettings settings,
                             StreamListener listener, Executor sender, boolean ownsWebSockets) {
        this.ownsWebSockets = ownsWebSockets;
        this.webSockets = webSockets;
        this.target = target;
        this.settings = settings;
        this.listener = listener;
        this.sender = sender;
    }

    /** A client with its own Jetty WebSocket client, stopped by {@link #close()}. */
    public static HarkStreamClient start(StreamTarget target, ClientSettings settings, StreamListener listener) {
        WebSocketClient webSockets = new WebSocketClient();
        webSockets.setConnectTimeout(settings.connectTimeout().toMillis());
        webSockets.setIdleTimeout(settings.idleTimeout());
        webSockets.setStopAtShutdown(true);
        try {
            webSockets.start();
        } catch (Exception e) {
            throw new HarkStreamException("connect_failed", "cannot start WebSocket client: " + e.getMessage(), e);
        }
        Executor sender = task -> Thread.ofVirtual().name("hark-client-sender").start(task);
        return new HarkStreamClient(webSockets, target, settings, listener, sender, true);
    }

    /**
     * Opens the stream, or joins the one opening or open. Completes when the server's
     * {@code session.started} arrives; fails with a {@link HarkStreamException}.
     */
    public CompletableFuture<SessionStarted> connect() {
        return connection().started().copy();
    }

    /**
     * Connects if needed, streams all of {@code audio}, then asks the server to close. Completes
     * when the server has sent its last finals and closed the stream normally.
     */
    public CompletableFuture<SessionClosed> stream(WavAudio audio, FramePacer pacer) {
        if (audio.sampleRate() != target.sampleRate() || audio.channels() != target.channels()) {
            throw new IllegalArgumentException("audio is " + audio + " but the stream was opened for "
                    + target.sampleRate() + " Hz, " + target.channels() + " ch");
        }
        StreamConnection connection = connection();
        connection.started().thenRunAsync(() -> sendAll(connection, audio, pacer), sender);
        return connection.closed().copy();
    }

    private StreamConnection connection() {
        while (true) {
            StreamConnection existing = current.get();
            if (existing != null && !existing.isFinished()) {
                return existing;
            }
            StreamConnection fresh = new StreamConnection(listener);
            if (current.compareAndSet(existing, fresh)) {
                open(fresh);
                return fresh;
            }
        }
    }

    private void open(StreamConnection connection) {
        try {
            webSockets.connect(connection, target.uri()).whenComplete((session, failure) -> {
                if (failure != null) {
                    connection.fail(connectFailure(failure));
                }
            });
        } catch (IOException | RuntimeException e) {
            connection.fail(connectFailure(e));
            return;
        }
        CompletableFuture.delayedExecutor(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!connection.started().isDone()) {
                connection.fail(new HarkStreamException("timeout", "timed out after "
                        + settings.startTimeout().toSeconds() + "s waiting for session.started from " + target.endpoint()));
            }
        });
    }

    private HarkStreamException connectFailure(Throwable failure) {
        return new HarkStreamException("connect_failed", "cannot connect to " + target.endpoint() + ": "
                + StreamConnection.describe(failure), failure);
    }

    private void sendAll(StreamConnection connection, WavAudio audio, FramePacer pacer) {
        byte[] pcm = audio.pcm();
        int frameBytes = audio.bytesPer(FRAME_MILLIS);
        try {
            for (int index = 0, offset = 0; offset < pcm.length; index++, offset += frameBytes) {
                pacer.awaitTurn(index);
                if (connection.isFinished()) {
                    return;
                }
                int length = Math.min(frameBytes, pcm.length - offset);
                await(connection.sendBinary(ByteBuffer.wrap(pcm, offset, length).slice()));
            }
            await(connection.sendText(StreamMessages.CLOSE_STREAM));
            connection.failUnlessClosedWithin(settings.closeTimeout(), "waiting for the server to close the stream");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.fail(new HarkStreamException("interrupted", "interrupted while sending audio", e));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            connection.fail(e instanceof TimeoutException
                    ? new HarkStreamException("timeout", "timed out after " + settings.sendTimeout().toSeconds()
                            + "s sending audio (server not reading)")
                    : new HarkStreamException("connection", "sending audio failed: " + StreamConnection.describe(e), e));
        }
    }

    private void await(CompletableFuture<Void> send) throws InterruptedException, ExecutionException, TimeoutException {
        send.get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops any open stream and, for a client made by {@link #start}, stops its WebSocket client. */
    @Override
    public void close() {
        StreamConnection connection = current.get();
        if (connection != null) {
            connection.fail(new HarkStreamException("closed", "client closed"));
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
