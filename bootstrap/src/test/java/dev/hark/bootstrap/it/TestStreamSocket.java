package dev.hark.bootstrap.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.UpgradeResponse;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A raw protocol client for tests: sends exactly the frames the test asks for and queues
 * everything the server says, so tests wait on the queue with a bound, never on sleeps.
 */
public final class TestStreamSocket implements Session.Listener.AutoDemanding, AutoCloseable {

    /** How the server closed the socket. */
    public record CloseStatus(int code, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebSocketClient client;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private volatile Session session;
    private volatile String lastResumeToken;

    private TestStreamSocket(WebSocketClient client) {
        this.client = client;
    }

    public static TestStreamSocket connect(WebSocketClient client, URI uri) throws Exception {
        return connect(client, new ClientUpgradeRequest(uri));
    }

    /** Connects with a prepared upgrade request (extra headers, offered extensions). */
    public static TestStreamSocket connect(WebSocketClient client, ClientUpgradeRequest request) throws Exception {
        TestStreamSocket socket = new TestStreamSocket(client);
        socket.session = client.connect(socket, request).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return socket;
    }

    /** The server's answer to the upgrade. */
    public UpgradeResponse upgradeResponse() {
        return session.getUpgradeResponse();
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            messages.add(JSON.readTree(message));
        } catch (Exception e) {
            messages.add(JSON.createObjectNode().put("type", "unparseable").put("raw", message));
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(new CloseStatus(statusCode, reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(new CloseStatus(-1, String.valueOf(cause)));
    }

    public void sendBinary(byte[] bytes) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendBinary(ByteBuffer.wrap(bytes), sent);
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends without waiting for the write to finish, for frames the server may refuse mid-write. */
    public void sendBinaryNoWait(byte[] bytes) {
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
    }

    public void sendText(String text) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendText(text, sent);
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next message from the server; fails the test if none comes in time. */
    public JsonNode next() throws InterruptedException {
        JsonNode message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            dumpThreads();
            throw new AssertionError("no message from the server within " + WAIT);
        }
        return message;
    }

    /** On a timeout the server's threads say more than the assertion: print them for the CI log. */
    private static void dumpThreads() {
        StringBuilder dump = new StringBuilder("[thread-dump] no message from the server; threads:\n");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("decode") || thread.getName().startsWith("session-lane")
                    || thread.getName().startsWith("timers")) {
                dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        System.out.println(dump);
    }

    /** The next message of {@code type}, skipping others (interims, for example). */
    public JsonNode nextOfType(String type) throws InterruptedException {
        while (true) {
            JsonNode message = next();
            if (type.equals(message.path("type").asText())) {
                return message;
            }
        }
    }

    /** Everything up to and including the server's close, in order. */
    public List<JsonNode> drainUntilClosed() throws Exception {
        CloseStatus status = awaitClose();
        List<JsonNode> rest = new ArrayList<>();
        messages.drainTo(rest);
        if (status == null) {
            throw new AssertionError("socket did not close");
        }
        return rest;
    }

    public CloseStatus awaitClose() throws Exception {
        return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Drops the connection without a close handshake, like a network failure. */
    public void abort() {
        Session current = session;
        if (current != null) {
            current.disconnect();
        }
    }

    void rememberResumeToken(String token) {
        lastResumeToken = token;
    }

    String lastResumeToken() {
        return lastResumeToken;
    }

    @Override
    public void close() {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close();
        }
    }
}
