package dev.hark.bootstrap.cli;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A stand-in Hark server on loopback port 0 that answers {@code close_stream} with fixed finals,
 * or with an error after the first audio frame, or drops the first socket after its first frame
 * and lets the client resume, so the command is tested over real sockets without a recogniser.
 */
public final class FakeHarkServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicLong audioBytes = new AtomicLong();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    FakeHarkServer(List<String> finals, String errorAfterFirstFrame) throws Exception {
        this(finals, errorAfterFirstFrame, false);
    }

    /** Closes the first socket with 1011 after its first frame, then resumes at the start of the audio. */
    static FakeHarkServer droppingOnce(List<String> finals) throws Exception {
        return new FakeHarkServer(finals, null, true);
    }

    private FakeHarkServer(List<String> finals, String errorAfterFirstFrame, boolean dropOnce) throws Exception {
        AtomicBoolean drop = new AtomicBoolean(dropOnce);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/v1/stream",
                (request, response, callback) -> {
                    String query = request.getHttpURI().getQuery();
                    queries.add(query);
                    return new Endpoint(finals, errorAfterFirstFrame, audioBytes, query.contains("session_id="), drop);
                })));
        server.start();
    }

    URI endpoint() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/v1/stream");
    }

    long audioBytes() {
        return audioBytes.get();
    }

    List<String> queries() {
        return queries;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Public because Jetty invokes endpoints through a public lookup. */
    public static final class Endpoint implements Session.Listener.AutoDemanding {
        private final List<String> finals;
        private final String error;
        private final AtomicLong audioBytes;
        private final boolean resuming;
        private final AtomicBoolean drop;
        private Session session;

        Endpoint(List<String> finals, String error, AtomicLong audioBytes, boolean resuming, AtomicBoolean drop) {
            this.finals = finals;
            this.error = error;
            this.audioBytes = audioBytes;
            this.resuming = resuming;
            this.drop = drop;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
            if (resuming && error != null) {
                send("{\"type\":\"error\",\"code\":\"SESSION_NOT_FOUND\",\"message\":\"session ended: " + error + "\"}");
                session.close(1008, "SESSION_NOT_FOUND", Callback.NOOP);
            } else if (resuming) {
                send("{\"type\":\"session.resumed\",\"session_id\":\"s\",\"resume_token\":\"r2\",\"generation\":2,"
                        + "\"audio_end\":0,\"audio_end_samples\":0}");
            } else {
                send("{\"type\":\"session.started\",\"session_id\":\"s\",\"resume_token\":\"r\",\"generation\":1}");
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            if (!resuming && drop.compareAndSet(true, false)) {
                session.close(1011, "lost", Callback.NOOP);
                callback.succeed();
                return;
            }
            if (audioBytes.getAndAdd(payload.remaining()) == 0 && error != null) {
                // The client closes on an error that ends the stream. Closing here as well, while the
                // client is still streaming, can reset the connection before the client reads the error.
                send("{\"type\":\"error\",\"code\":\"" + error + "\",\"message\":\"no recognizer available\"}");
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.contains("close_stream")) {
                for (int i = 0; i < finals.size(); i++) {
                    send("{\"type\":\"transcript\",\"seq\":" + (i + 1) + ",\"is_final\":true,\"text\":\"" + finals.get(i)
                            + "\",\"start\":0,\"end\":1,\"words\":[]}");
                }
                send("{\"type\":\"session.closed\",\"reason\":\"client_closed\"}");
                session.close(1000, "", Callback.NOOP);
            }
        }

        private void send(String text) {
            session.sendText(text, Callback.NOOP);
        }
    }
}
