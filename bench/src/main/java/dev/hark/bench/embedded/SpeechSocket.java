package dev.hark.bench.embedded;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One benchmark session's socket: sends its audio when the pacing thread says, and records what
 * the server answered and when (receive times are read first). Public only because Jetty calls
 * listener methods through method handles.
 */
public final class SpeechSocket implements Session.Listener.AutoDemanding {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String CLOSE_STREAM = "{\"type\":\"close_stream\"}";

    private final Callback sendCallback = Callback.from(() -> { }, failure -> sendFailed());
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final List<Double> interimLags = new ArrayList<>();
    private final List<Double> finalLags = new ArrayList<>();
    private final StringBuilder finals = new StringBuilder();
    private volatile Session session;
    private volatile String error;
    private volatile long answeredNanos;
    private volatile long closeStreamNanos;
    private volatile long sessionClosedNanos;
    private volatile int sendFailures;

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketText(String text) {
        long now = System.nanoTime();
        Message message = Message.parse(text);
        switch (message.type()) {
            case "session.started" -> {
                answeredNanos = now;
                started.complete(null);
            }
            case "transcript" -> record(message);
            case "session.closed" -> sessionClosedNanos = now;
            case "error" -> {
                if (answeredNanos == 0) {
                    answeredNanos = now;
                }
                error = message.code();
                started.completeExceptionally(new IllegalStateException(message.code()));
            }
            default -> { }
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        started.completeExceptionally(new IllegalStateException("closed " + statusCode));
        closed.complete(null);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (error == null) {
            error = cause.getClass().getSimpleName();
        }
        started.completeExceptionally(cause);
        closed.complete(null);
    }

    void send(ByteBuffer pcm) {
        session.sendBinary(pcm, sendCallback);
    }

    void closeStream() {
        closeStreamNanos = System.nanoTime();
        session.sendText(CLOSE_STREAM, sendCallback);
    }

    void abandon() {
        Session current = session;
        if (current != null) {
            current.close(1001, "bench over", Callback.NOOP);
        }
    }

    boolean isLive() {
        return started.isDone() && !started.isCompletedExceptionally() && !closed.isDone();
    }

    CompletableFuture<Void> started() {
        return started;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    /** What the session saw; call after it closed. */
    synchronized SessionResult result(long connectNanos) {
        double finish = sessionClosedNanos == 0 || closeStreamNanos == 0 ? Double.NaN
                : (sessionClosedNanos - closeStreamNanos) / 1e9;
        double answer = answeredNanos == 0 ? Double.NaN : (answeredNanos - connectNanos) / 1e9;
        return new SessionResult(error, answer, List.copyOf(interimLags), List.copyOf(finalLags),
                finals.toString().strip(), finish, sendFailures);
    }

    private synchronized void record(Message message) {
        if (message.isFinal()) {
            finalLags.add(message.lag());
            finals.append(message.text()).append(' ');
        } else {
            interimLags.add(message.lag());
        }
    }

    private synchronized void sendFailed() {
        sendFailures++;
    }

    /** The fields of a server message the benchmark reads. */
    private record Message(String type, boolean isFinal, String text, double lag, String code) {
        static Message parse(String json) {
            String type = "";
            boolean isFinal = false;
            String text = "";
            double lag = 0;
            String code = "";
            try (JsonParser parser = JSON.createParser(json)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return new Message("malformed", false, "", 0, "");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        continue;
                    }
                    switch (name) {
                        case "type" -> type = parser.getValueAsString("");
                        case "is_final" -> isFinal = parser.getValueAsBoolean();
                        case "text" -> text = parser.getValueAsString("");
                        case "lag" -> lag = parser.getValueAsDouble(0);
                        case "code" -> code = parser.getValueAsString("");
                        default -> { }
                    }
                }
            } catch (IOException e) {
                return new Message("malformed", false, "", 0, "");
            }
            return new Message(type, isFinal, text, lag, code);
        }
    }
}
