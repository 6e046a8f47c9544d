package dev.hark.bootstrap.cli;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A stand-in Hark server on loopback port 0 that answers {@code close_stream} with fixed finals,
 * or with an error after the first audio frame, so the command is tested over real sockets
 * without a recogniser.
 */
public final class FakeHarkServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicLong audioBytes = new AtomicLong();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    FakeHarkServer(List<String> finals, String errorAfterFirstFrame) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/v1/stream",
                (request, response, callback) -> {
                    queries.add(request.getHttpURI().getQuery());
                    return new Endpoint(finals, errorAfterFirstFrame, audioBytes);
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
        private Session session;

        Endpoint(List<String> finals, String error, AtomicLong audioBytes) {
            this.finals = finals;
            this.error = error;
            this.audioBytes = audioBytes;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
            send("{\"type\":\"session.started\",\"session_id\":\"s\",\"resume_token\":\"r\",\"generation\":1}");
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            if (audioBytes.getAndAdd(payload.remaining()) == 0 && error != null) {
                send("{\"type\":\"error\",\"code\":\"" + error + "\",\"message\":\"no recognizer available\"}");
                session.close(1011, error, Callback.NOOP);
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.contains("close_stream")) {
                for (int i = 0; i < finals.size(); i++) {
                    send("{\"type\":\"transcript\",\"seq\":" + i + ",\"is_final\":true,\"text\":\"" + finals.get(i)
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
