package dev.hark.infrastructure.client;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A real Jetty WebSocket server on a loopback port 0 that plays a {@link Script} and records
 * everything the client sent, in order, so tests can assert on frames without mocking Jetty.
 */
public final class ScriptedStreamServer implements AutoCloseable {

    /** What the server does at each client input; defaults behave like a healthy Hark server. */
    interface Script {
        default void onOpen(Peer peer) {
            peer.send("{\"type\":\"session.started\",\"session_id\":\"s-1\",\"resume_token\":\"r-1\",\"generation\":1}");
        }

        default void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
        }

        default void onText(Peer peer, String text) {
            if (text.contains("close_stream")) {
                peer.send("{\"type\":\"session.closed\",\"reason\":\"client_closed\"}");
                peer.closeNormally();
            }
        }
    }

    /** The server's side of one connection. */
    record Peer(Session session) {
        void send(String text) {
            session.sendText(text, Callback.NOOP);
        }

        void closeNormally() {
            session.close(1000, "bye", Callback.NOOP);
        }
    }

    /** One thing the client sent: a binary frame's size, or a text message. */
    record Received(int binaryBytes, String text) {
        boolean isBinary() {
            return text == null;
        }
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicInteger connections = new AtomicInteger();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    ScriptedStreamServer(Script script) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/v1/stream",
                (request, response, callback) -> {
                    connections.incrementAndGet();
                    queries.add(request.getHttpURI().getQuery());
                    return new Endpoint(script, received);
                })));
        server.start();
    }

    URI endpoint() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/v1/stream");
    }

    int connections() {
        return connections.get();
    }

    /** The raw query string of each upgrade request. */
    List<String> queries() {
        return queries;
    }

    /** Everything received so far, in arrival order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Public because Jetty invokes endpoints through a public lookup. */
    public static final class Endpoint implements Session.Listener.AutoDemanding {
        private final Script script;
        private final BlockingQueue<Received> received;
        private Peer peer;
        private int frames;

        Endpoint(Script script, BlockingQueue<Received> received) {
            this.script = script;
            this.received = received;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            peer = new Peer(session);
            script.onOpen(peer);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            received.add(new Received(payload.remaining(), null));
            script.onBinary(peer, frames++, payload);
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(new Received(0, text));
            script.onText(peer, text);
        }
    }
}
