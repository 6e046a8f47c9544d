package dev.hark.infrastructure.outbound.deepgram;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's view of one Deepgram connection: forwards socket events to the stream and never lets
 * an exception escape into Jetty. Public only because Jetty invokes listeners through a public
 * lookup; nothing outside this package can create one.
 */
public final class DeepgramSocket implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(DeepgramSocket.class);

    private final DeepgramRecognizerStream stream;

    DeepgramSocket(DeepgramRecognizerStream stream) {
        this.stream = stream;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        guarded(() -> stream.onOpen(session));
    }

    @Override
    public void onWebSocketText(String message) {
        guarded(() -> stream.onText(message));
    }

    /** Deepgram sends no binary frames; one would be skipped. */
    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            guarded(() -> stream.onServerClose(statusCode, reason));
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        guarded(() -> stream.onError(cause));
    }

    private void guarded(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.error("session {}: Deepgram socket event failed", stream.sessionId(), e);
        }
    }
}
