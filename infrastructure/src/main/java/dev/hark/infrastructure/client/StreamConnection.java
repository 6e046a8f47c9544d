package dev.hark.infrastructure.client;

import dev.hark.infrastructure.client.StreamEvent.Attached;
import dev.hark.infrastructure.client.StreamEvent.ServerError;
import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionResumed;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;

/**
 * One WebSocket to the server, i.e. one attachment of a session, and its two outcomes:
 * {@link #attached()} (the server's {@code session.started}, or {@code session.resumed} on a
 * resume socket) and {@link #ending()}, which always completes normally with how the socket's part
 * of the stream ended. A {@code session.closed} message followed by any end of the socket (1000,
 * 1001 from a draining server, or a drop while the client was still sending) is {@link Ending.Closed};
 * telling a drop (resumable) from a refusal or a client-side failure (not
 * resumable) is the point of {@link Ending}. The first ending wins; later events are ignored.
 *
 * <p>Public only because Jetty invokes listeners through a public lookup; nothing outside this
 * package can create one.
 */
public final class StreamConnection implements Session.Listener.AutoDemanding {

    /** How one socket's part of the stream ended. */
    sealed interface Ending {
        /** The session ended in order. */
        record Closed(SessionClosed message) implements Ending {
        }

        /** The transport went away without the session ending: the session can be resumed. */
        record Dropped(HarkStreamException failure) implements Ending {
        }

        /** The server sent an error that ends the stream (a refusal, or the session failed). */
        record Refused(ServerError error) implements Ending {
            HarkStreamException failure() {
                return new HarkStreamException(error.code(), "server error " + error.code() + ": " + error.message());
            }
        }

        /** The client gave up: a protocol violation, a timeout, or the client closed. */
        record Failed(HarkStreamException failure) implements Ending {
        }
    }

    private final URI endpoint;
    private final StreamListener events;
    private final boolean resuming;
    private final CompletableFuture<Attached> attached = new CompletableFuture<>();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    private volatile Session session;
    private volatile SessionClosed closedMessage;

    /**
     * @param endpoint the server's endpoint without query, for messages (the query holds the token)
     * @param events   gets every decoded event of this socket before it is acted on
     * @param resuming whether this socket resumes a session, so the first message must be
     *                 {@code session.resumed} rather than {@code session.started}
     */
    StreamConnection(URI endpoint, StreamListener events, boolean resuming) {
        this.endpoint = endpoint;
        this.events = events;
        this.resuming = resuming;
    }

    CompletableFuture<Attached> attached() {
        return attached;
    }

    CompletableFuture<Ending> ending() {
        return ending;
    }

    boolean isEnded() {
        return ending.isDone();
    }

    /** Ends as {@link Ending.Failed} with {@code timeout} unless attached within {@code limit}. */
    void failUnlessAttachedWithin(Duration limit, String waitingFor) {
        CompletableFuture.delayedExecutor(limit.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!attached.isDone()) {
                end(new Ending.Failed(timeout(limit, waitingFor)));
            }
        });
    }

    /** Ends as {@link Ending.Failed} with {@code timeout} unless the socket has ended within {@code limit}. */
    void failUnlessClosedWithin(Duration limit, String waitingFor) {
        CompletableFuture.delayedExecutor(limit.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!ending.isDone()) {
                end(new Ending.Failed(timeout(limit, waitingFor)));
            }
        });
    }

    private static HarkStreamException timeout(Duration limit, String waitingFor) {
        return new HarkStreamException("timeout", "timed out after " + limit.toSeconds() + "s " + waitingFor);
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
        if (ending.isDone()) {
            opened.close(StatusCode.NORMAL, "client giving up", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketText(String text) {
        if (ending.isDone()) {
            return;
        }
        StreamEvent event;
        try {
            event = StreamMessages.decode(text).orElse(null);
        } catch (HarkStreamException e) {
            end(new Ending.Failed(e));
            return;
        }
        if (event instanceof Attached first && (attached.isDone() || resuming != first instanceof SessionResumed)) {
            end(new Ending.Failed(new HarkStreamException("protocol", "unexpected message from server: "
                    + (first instanceof SessionResumed ? "session.resumed" : "session.started")
                    + (resuming ? " in reply to a resume" : " on a new stream"))));
            return;
        }
        if (event != null) {
            events.onEvent(event);
            react(event);
        }
    }

    private void react(StreamEvent event) {
        switch (event) {
            case Attached first -> attached.complete(first);
            case StreamEvent.Transcript ignored -> { }
            case StreamEvent.ServerDraining ignored -> { }
            case ServerError error -> {
                if (error.endsStream()) {
                    end(new Ending.Refused(error));
                }
            }
            case SessionClosed message -> closedMessage = message;
        }
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        SessionClosed message = closedMessage;
        // session.closed is the server's last word: every final came before it, so however the
        // socket goes after it (1000, 1001 from a draining server (H29), or abnormally while the
        // client was still sending) the session ended in order and there is nothing to resume
        if (message != null) {
            end(new Ending.Closed(message));
        } else {
            end(new Ending.Dropped(new HarkStreamException("closed_abnormally", "server closed the connection ("
                    + status + (reason == null || reason.isBlank() ? "" : " " + reason) + ") before session.closed")));
        }
    }

    /** Jetty reports a failed connect here too, sometimes before the connect future fails. */
    @Override
    public void onWebSocketError(Throwable cause) {
        SessionClosed message = closedMessage;
        if (message != null) { // e.g. a broken pipe sending audio after a draining server closed the session
            end(new Ending.Closed(message));
            return;
        }
        end(cause instanceof HarkStreamException e ? new Ending.Failed(e) : new Ending.Dropped(session == null
                ? connectFailure(endpoint, cause)
                : new HarkStreamException("connection", "connection failed: " + describe(cause), cause)));
    }

    static HarkStreamException connectFailure(URI endpoint, Throwable cause) {
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof UpgradeException refused && (refused.getResponseStatusCode() == 401
                    || refused.getResponseStatusCode() == 403)) {
                return new HarkStreamException("unauthorized", endpoint + " refused the connection ("
                        + refused.getResponseStatusCode() + "): it needs a valid API key (set HARK_API_KEY)", cause);
            }
        }
        return new HarkStreamException("connect_failed", "cannot connect to " + endpoint + ": " + describe(cause), cause);
    }

    /**
     * Records how this socket ended (the first call wins), fails {@link #attached()} if it had not
     * completed, and drops the socket if it is still open.
     */
    void end(Ending how) {
        if (!ending.complete(how)) {
            return;
        }
        attached.completeExceptionally(switch (how) {
            case Ending.Closed ignored -> new HarkStreamException("protocol", "session closed before it started");
            case Ending.Dropped dropped -> dropped.failure();
            case Ending.Refused refused -> refused.failure();
            case Ending.Failed failed -> failed.failure();
        });
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
