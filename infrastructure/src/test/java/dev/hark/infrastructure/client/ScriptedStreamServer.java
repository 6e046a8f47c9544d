package dev.hark.infrastructure.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A real Jetty WebSocket server on a loopback port 0 that plays a {@link Script} and records
 * everything the client sent, in order and per connection, so tests can assert on frames without
 * mocking Jetty. A script can drop a connection (close code or bare TCP disconnect) and answer the
 * client's resume connection, telling connections apart by {@link Peer#connection()}.
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

    /**
     * The server's side of one connection: {@code connection} counts upgrades from 1, {@code query}
     * is the raw query string of this one.
     */
    record Peer(Session session, int connection, String query) {
        /** Sends and waits until the frame is written, so a drop right after can't lose it. */
        void send(String text) {
            try {
                Callback.Completable.with(callback -> session.sendText(text, callback)).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot send " + text, e);
            }
        }

        void closeNormally() {
            session.close(1000, "bye", Callback.NOOP);
        }

        /** A close handshake with any code, e.g. 1011 for a server that lost the session's socket. */
        void close(int code, String reason) {
            session.close(code, reason, Callback.NOOP);
        }

        /** Drops the TCP connection without a close frame, as a network failure would. */
        void disconnect() {
            session.disconnect();
        }
    }

    /** One thing the client sent on connection {@code connection}: a binary frame's bytes, or a text message. */
    record Received(int connection, byte[] bytes, String text) {
        boolean isBinary() {
            return text == null;
        }

        int binaryBytes() {
            return bytes.length;
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
                    String query = request.getHttpURI().getQuery();
                    queries.add(query);
                    return new Endpoint(script, received, connections.incrementAndGet(), query);
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

    /** The audio bytes received on {@code connection}, concatenated in arrival order. */
    byte[] audioOn(int connection) {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        received.stream().filter(r -> r.connection() == connection && r.isBinary()).forEach(r -> audio.writeBytes(r.bytes()));
        return audio.toByteArray();
    }

    /** The text messages received on {@code connection}, in arrival order. */
    List<String> textsOn(int connection) {
        return received.stream().filter(r -> r.connection() == connection && !r.isBinary()).map(Received::text).toList();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Public because Jetty invokes endpoints through a public lookup. */
    public static final class Endpoint implements Session.Listener.AutoDemanding {
        private final Script script;
        private final BlockingQueue<Received> received;
        private final int connection;
        private final String query;
        private Peer peer;
        private int frames;

        Endpoint(Script script, BlockingQueue<Received> received, int connection, String query) {
            this.script = script;
            this.received = received;
            this.connection = connection;
            this.query = query;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            peer = new Peer(session, connection, query);
            script.onOpen(peer);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            received.add(new Received(connection, bytes, null));
            script.onBinary(peer, frames++, payload);
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(new Received(connection, null, text));
            script.onText(peer, text);
        }
    }
}
