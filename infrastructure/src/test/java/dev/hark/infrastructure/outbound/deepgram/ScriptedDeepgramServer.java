package dev.hark.infrastructure.outbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A Deepgram stand-in on a loopback port 0 that does only what the test tells it: it answers
 * each upgrade (101, or the {@link #refuseWith refusal} set), records the request, and hands the
 * test each accepted {@link Connection}, through which the test reads what the adapter sent and
 * sends Deepgram's messages and close frames. Every wait is bounded.
 */
final class ScriptedDeepgramServer implements AutoCloseable {

    static final long WAIT_SECONDS = 5;

    /** What the upgrade request carried. */
    record Handshake(String path, String rawQuery, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null ? null : String.join(",", values);
        }

        /** The decoded values of {@code key}, in order. */
        List<String> param(String key) {
            return java.util.Arrays.stream(rawQuery.split("&")).map(pair -> pair.split("=", 2))
                    .filter(pair -> pair[0].equals(key))
                    .map(pair -> java.net.URLDecoder.decode(pair[1], StandardCharsets.UTF_8)).toList();
        }
    }

    /** A refusal of the upgrade, as Deepgram sends it. */
    record Refusal(int status, String dgError, String requestId, String body) {
    }

    /** One frame the adapter sent: text, or binary bytes. */
    record Frame(String text, byte[] bytes) {
        boolean isText() {
            return text != null;
        }
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final AtomicInteger requestIds = new AtomicInteger();
    private volatile Refusal refusal;
    private volatile boolean stallReads;

    ScriptedDeepgramServer() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/*",
                (request, response, callback) -> {
                    handshakes.add(new Handshake(request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                            request.getHeaders().stream().collect(Collectors.groupingBy(
                                    field -> field.getLowerCaseName(),
                                    Collectors.mapping(HttpField::getValue, Collectors.toList())))));
                    Refusal refused = refusal;
                    if (refused != null) {
                        response.setStatus(refused.status());
                        response.getHeaders().put("dg-error", refused.dgError());
                        response.getHeaders().put("dg-request-id", refused.requestId());
                        response.getHeaders().put("Content-Type", "application/json");
                        response.write(true, ByteBuffer.wrap(refused.body().getBytes(StandardCharsets.UTF_8)), callback);
                        return null;
                    }
                    response.getHeaders().put("dg-request-id", "req-" + requestIds.incrementAndGet());
                    return new Endpoint(connections, stallReads);
                })));
        server.start();
    }

    /** Where the adapter should connect: no path, so it appends {@code /v1/listen} itself. */
    URI baseUrl() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort());
    }

    /** From now on, answer every upgrade with this refusal. */
    void refuseWith(Refusal answer) {
        refusal = answer;
    }

    /** From now on, accepted connections never read what the client sends, so its writes back up. */
    void stallReads() {
        stallReads = true;
    }

    Handshake nextHandshake() throws InterruptedException {
        Handshake handshake = handshakes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(handshake).as("an upgrade request within %ss", WAIT_SECONDS).isNotNull();
        return handshake;
    }

    /** Upgrade requests received and not yet taken by {@link #nextHandshake()}. */
    int pendingHandshakes() {
        return handshakes.size();
    }

    Connection nextConnection() throws InterruptedException {
        Connection connection = connections.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(connection).as("an accepted connection within %ss", WAIT_SECONDS).isNotNull();
        return connection;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the scripted Deepgram", e);
        }
    }

    /** The server's side of one accepted connection. */
    static final class Connection {
        private final Session session;
        private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile int closeCode;

        Connection(Session session) {
            this.session = session;
        }

        /** The next frame the adapter sent. */
        Frame nextFrame() throws InterruptedException {
            Frame frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(frame).as("a frame from the adapter within %ss", WAIT_SECONDS).isNotNull();
            return frame;
        }

        /** The next text frame, skipping audio. */
        String nextText() throws InterruptedException {
            while (true) {
                Frame frame = nextFrame();
                if (frame.isText()) {
                    return frame.text();
                }
            }
        }

        /** Frames received and not yet taken. */
        List<Frame> pendingFrames() {
            return List.copyOf(frames);
        }

        /** Sends a text frame and waits until it is written. */
        void send(String json) throws Exception {
            Callback.Completable.with(callback -> session.sendText(json, callback)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Sends a text frame if the socket still takes it; for racing a client that may be gone. */
        void trySend(String json) {
            try {
                send(json);
            } catch (Exception e) {
                // the client closed first: exactly what some tests provoke
            }
        }

        void close(int code, String reason) {
            session.close(code, reason, Callback.NOOP);
        }

        /** Drops TCP without a close frame, as a network failure would. */
        void disconnect() {
            session.disconnect();
        }

        /** Waits until the connection has closed (either side, or dropped); returns the close code. */
        int awaitClosed() throws InterruptedException {
            assertThat(closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("connection closed within %ss", WAIT_SECONDS)
                    .isTrue();
            return closeCode;
        }

        boolean isClosed() {
            return closed.getCount() == 0;
        }

        void received(Frame frame) {
            frames.add(frame);
        }

        void ended(int code) {
            closeCode = code;
            closed.countDown();
        }
    }

    /**
     * Public because Jetty invokes endpoints through a public lookup. Demands frames one at a time,
     * so a stalled endpoint (one that never demands) really stops reading the socket.
     */
    public static final class Endpoint implements Session.Listener {
        private final BlockingQueue<Connection> accepted;
        private final boolean stall;
        private Connection connection;
        private Session session;

        Endpoint(BlockingQueue<Connection> accepted, boolean stall) {
            this.accepted = accepted;
            this.stall = stall;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
            connection = new Connection(opened);
            accepted.add(connection);
            demandUnlessStalled();
        }

        @Override
        public void onWebSocketText(String text) {
            connection.received(new Frame(text, null));
            demandUnlessStalled();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            connection.received(new Frame(null, bytes));
            callback.succeed();
            demandUnlessStalled();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            connection.ended(statusCode);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            if (connection != null) {
                connection.ended(-1);
            }
        }

        private void demandUnlessStalled() {
            if (!stall) {
                session.demand();
            }
        }
    }

    /** Waits for a future with the server's bound; for tests that expect it to complete. */
    static <T> T await(java.util.concurrent.Future<T> future) throws InterruptedException, ExecutionException,
            TimeoutException {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
