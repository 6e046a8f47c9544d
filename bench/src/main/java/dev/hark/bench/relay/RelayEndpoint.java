package dev.hark.bench.relay;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One relay connection: counts samples, answers every frame with
 * {@code {"type":"transcript","is_final":true,"text":"samples S-E",...}}, and answers
 * {@code close_stream} with {@code session.closed} and a normal close, the subset of Hark's
 * protocol the load generator reads. Everything runs on the socket's I/O thread; the only
 * state is the sample clock and the final counter, touched by one message at a time.
 *
 * <p>Public only because Jetty invokes listener methods through method handles.
 */
public final class RelayEndpoint implements Session.Listener {

    private static final AtomicLong IDS = new AtomicLong();

    private final int bytesPerFrame;
    private Session session;
    private long samples;
    private long seq;

    RelayEndpoint(int channels) {
        this.bytesPerFrame = 2 * channels;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        opened.sendText("{\"type\":\"session.started\",\"session_id\":\"relay-" + IDS.incrementAndGet()
                + "\",\"generation\":1}", Callback.NOOP);
        opened.demand();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        long start = samples;
        samples += payload.remaining() / bytesPerFrame;
        callback.succeed();
        session.sendText("{\"type\":\"transcript\",\"seq\":" + (++seq) + ",\"is_final\":true,\"text\":\"samples "
                + start + "-" + samples + "\"}", Callback.NOOP);
        session.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        if (text.contains("\"close_stream\"")) {
            session.sendText("{\"type\":\"session.closed\",\"reason\":\"client_closed\"}", Callback.NOOP);
            session.close(1000, null, Callback.NOOP);
            return;
        }
        session.demand();
    }

    /** A socket that fails (usually a close racing the client's) needs nothing from a relay. */
    @Override
    public void onWebSocketError(Throwable cause) {
    }
}
