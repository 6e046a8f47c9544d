package dev.hark.infrastructure.client;

import dev.hark.infrastructure.client.StreamEvent.ServerError;
import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionStarted;
import dev.hark.infrastructure.client.StreamEvent.Transcript;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One WebSocket to the server and its two outcomes: {@link #started()} (the session exists) and
 * {@link #closed()} (the stream ended). Success needs both a {@code session.closed} message and a
 * normal (1000) close; anything else fails both futures with a {@link HarkStreamException}.
 *
 * <p>Public only because Jetty invokes listeners through a public lookup; nothing outside this
 * package can create one.
 */
public final class StreamConnection implements Session.Listener.AutoDemanding {

    private final StreamListener listener;
    private final CompletableFuture<SessionStarted> started = new CompletableFuture<>();
    private final CompletableFuture<SessionClosed> closed = new CompletableFuture<>();
    private volatile Session session;
    private volatile SessionClosed closedMessage;

    StreamConnection(StreamListener listener) {
        this.listener = listener;
    }

    CompletableFuture<SessionStarted> started() {
        return started;
    }

    CompletableFuture<SessionClosed> closed() {
        return closed;
    }

    boolean isFinished() {
        return closed.isDone();
    }

    /** Fails with {@code timeout} unless the stream has ended within {@code limit}. */
    void failUnlessClosedWithin(Duration limit, String waitingFor) {
        CompletableFuture.delayedExecutor(limit.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!closed.isDone()) {
                fail(new HarkStreamException("timeout", "timed out after " + limit.toSeconds() + "s " + waitingFor));
            }
        });
    }

    Callback.Completable sendBinary(ByteBuffer frame) {
        return Callback.Completable.with(callback -> session.sendBinary(frame, callback));
    }

    Callback.Completable sendText(String text) {
        return Callback.Completable.with(callback -> session.sendText(text, callback));
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketText(String text) {
        StreamEvent event;
        try {
            event = StreamMessages.decode(text).orElse(null);
        } catch (HarkStreamException e) {
            fail(e);
            return;
        }
        if (event != null) {
            listener.onEvent(event);
            react(event);
        }
    }

    private void react(StreamEvent event) {
        switch (event) {
            case SessionStarted start -> started.complete(start);
            case Transcript ignored -> { }
            case ServerError error -> fail(new HarkStreamException(error.code(),
                    "server error " + error.code() + ": " + error.message()));
            case SessionClosed message -> closedMessage = message;
        }
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        SessionClosed message = closedMessage;
        if (status == StatusCode.NORMAL && message != null) {
            started.completeExceptionally(new HarkStreamException("protocol", "session closed before it started"));
            closed.complete(message);
        } else {
            fail(new HarkStreamException("closed_abnormally", "server closed the connection (" + status
                    + (reason == null || reason.isBlank() ? "" : " " + reason) + ") before session.closed"));
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        fail(cause instanceof HarkStreamException e ? e
                : new HarkStreamException("connection", "connection failed: " + describe(cause), cause));
    }

    /** Ends the stream with {@code failure} (first outcome wins) and drops the socket. */
    void fail(Throwable failure) {
        started.completeExceptionally(failure);
        closed.completeExceptionally(failure);
        Session open = session;
        if (open != null && open.isOpen()) {
            open.close(StatusCode.NORMAL, "client giving up", Callback.NOOP);
        }
    }

    static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
