package dev.hark.bench.load;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One generator session's socket. Reads every message as soon as it arrives (auto demand), stamps
 * it with the receive time first, and acknowledges frames on the session's {@link FrameTrack}.
 * Sends are asynchronous; a failed send is counted, never retried.
 *
 * <p>Public only because Jetty invokes listener methods through method handles; created solely
 * by {@link LoadGenerator}.
 */
public final class BenchSocket implements Session.Listener.AutoDemanding {

    private static final String CLOSE_STREAM = "{\"type\":\"close_stream\"}";

    private final FrameTrack track;
    private final int sampleRate;
    private final LoadStats stats;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Callback sendCallback;
    private volatile Session session;
    private volatile boolean sessionClosedSeen;

    BenchSocket(FrameTrack track, int sampleRate, LoadStats stats) {
        this.track = track;
        this.sampleRate = sampleRate;
        this.stats = stats;
        this.sendCallback = Callback.from(() -> { }, failure -> stats.error("send failed"));
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
    }

    @Override
    public void onWebSocketText(String text) {
        long now = System.nanoTime();
        switch (ServerEvent.parse(text, sampleRate)) {
            case ServerEvent.Final done -> track.acknowledge(done.start(), done.end(), now, stats::latencyNanos,
                    stats::finalLatencyNanos);
            case ServerEvent.Started ignored -> started.complete(null);
            case ServerEvent.Closed ignored -> sessionClosedSeen = true;
            case ServerEvent.Error error -> {
                stats.error("server error " + error.code());
                started.completeExceptionally(new IllegalStateException("server refused: " + error.code()));
            }
            case ServerEvent.Malformed ignored -> stats.error("malformed message");
            case ServerEvent.Other ignored -> { }
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        stats.error("unexpected binary message");
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        started.completeExceptionally(new IllegalStateException("closed before session.started: " + statusCode));
        closed.complete(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        stats.error("socket error " + cause.getClass().getSimpleName());
        started.completeExceptionally(cause);
        closed.complete(-1);
    }

    /** Sends frame {@code index}; its send time is recorded first so no answer can overtake it. */
    void send(int index, ByteBuffer pcm) {
        Session current = session;
        track.sent(index, System.nanoTime());
        current.sendBinary(pcm, sendCallback);
    }

    void closeStream() {
        session.sendText(CLOSE_STREAM, sendCallback);
    }

    /** Started and not closed: worth sending to. */
    boolean isLive() {
        return started.isDone() && !started.isCompletedExceptionally() && !closed.isDone();
    }

    CompletableFuture<Void> started() {
        return started;
    }

    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Whether the server said {@code session.closed} before closing the socket. */
    boolean sawSessionClosed() {
        return sessionClosedSeen;
    }

    FrameTrack track() {
        return track;
    }

    /** Closes the socket now, for sessions that did not close by themselves in time. */
    void abandon() {
        Session current = session;
        if (current != null) {
            current.close(1001, "bench over", Callback.NOOP);
        }
    }
}
