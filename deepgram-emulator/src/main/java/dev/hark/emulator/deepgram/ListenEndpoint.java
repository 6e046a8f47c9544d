package dev.hark.emulator.deepgram;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Jetty's view of one socket: copies each frame (Jetty reuses its buffers once the callback
 * completes) and hands it to the {@link ListenConnection}. Jetty delivers a socket's frames
 * one at a time, so they reach the connection in wire order.
 *
 * <p>Public only because Jetty binds listener methods through a public lookup; the constructor
 * stays package-private, so nothing outside the emulator can make one.
 */
public final class ListenEndpoint implements Session.Listener.AutoDemanding {

    private final ListenConnection connection;

    ListenEndpoint(ListenConnection connection) {
        this.connection = connection;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        connection.opened(session);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] frame = new byte[payload.remaining()];
        payload.get(frame);
        callback.succeed();
        connection.binary(frame);
    }

    @Override
    public void onWebSocketText(String message) {
        connection.text(message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        connection.socketClosed();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        connection.socketClosed();
    }
}
