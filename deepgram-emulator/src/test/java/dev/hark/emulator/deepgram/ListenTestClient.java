package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A raw {@code /v1/listen} client for tests over a real socket (public because Jetty binds
 * listener methods through a public lookup): sends exactly what the test
 * says and queues everything the server does, its close included as a final pseudo-message of
 * type {@value #CLOSE}, so tests can assert order and wait with a bound instead of sleeping.
 */
public final class ListenTestClient implements Session.Listener.AutoDemanding {

    static final String CLOSE = "__close";
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<JsonNode> closed = new CompletableFuture<>();
    private volatile Session session;

    static ListenTestClient connect(WebSocketClient client, URI base, String query) throws Exception {
        return connect(client, base, query, request -> { });
    }

    static ListenTestClient connect(WebSocketClient client, URI base, String query,
                                    Consumer<ClientUpgradeRequest> customize) throws Exception {
        return connectAsync(client, base, query, customize).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts the handshake; the future completes when the socket is open. */
    static CompletableFuture<ListenTestClient> connectAsync(WebSocketClient client, URI base, String query,
                                                           Consumer<ClientUpgradeRequest> customize) throws Exception {
        ListenTestClient socket = new ListenTestClient();
        URI uri = URI.create(base + "/v1/listen" + (query.isEmpty() ? "" : "?" + query));
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        customize.accept(request);
        return client.connect(socket, request).thenApply(session -> {
            socket.session = session;
            return socket;
        });
    }

    Session session() {
        return session;
    }

    String responseHeader(String name) {
        return session.getUpgradeResponse().getHeader(name);
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            events.add(JSON.readTree(message));
        } catch (Exception e) {
            events.add(JSON.createObjectNode().put("type", "unparseable").put("raw", message));
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        recordClose(statusCode, reason);
        callback.succeed();
    }

    private void recordClose(int statusCode, String reason) {
        ObjectNode close = JSON.createObjectNode().put("type", CLOSE).put("code", statusCode)
                .put("reason", reason == null ? "" : reason);
        if (closed.complete(close)) {
            events.add(close);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        recordClose(-1, String.valueOf(cause));
    }

    /** Sends {@code pcm} as frames of {@code frameBytes}, each write finished before the next. */
    void sendAudio(byte[] pcm, int frameBytes) throws Exception {
        for (int offset = 0; offset < pcm.length; offset += frameBytes) {
            sendBinary(Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + frameBytes)));
        }
    }

    void sendAudio(byte[] pcm) throws Exception {
        sendAudio(pcm, SpeechFixtures.FRAME_BYTES);
    }

    void sendBinary(byte[] bytes) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendBinary(ByteBuffer.wrap(bytes), sent);
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void sendText(String text) throws Exception {
        Callback.Completable sent = new Callback.Completable();
        session.sendText(text, sent);
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void sendControl(String type) throws Exception {
        sendText("{\"type\":\"" + type + "\"}");
    }

    /** The next message or the close; fails when nothing comes in time. */
    JsonNode next() throws InterruptedException {
        JsonNode event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("nothing from the emulator within " + WAIT);
        }
        return event;
    }

    /** The next event of {@code type}, skipping others; fails if the socket closes first. */
    JsonNode nextOfType(String type) throws InterruptedException {
        while (true) {
            JsonNode event = next();
            if (type.equals(event.path("type").asText())) {
                return event;
            }
            assertThat(event.path("type").asText()).as("closed before a %s arrived: %s", type, event)
                    .isNotEqualTo(CLOSE);
        }
    }

    /** Every event up to and including the close. */
    List<JsonNode> untilClosed() throws InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        JsonNode event;
        do {
            event = next();
            all.add(event);
        } while (!CLOSE.equals(event.path("type").asText()));
        return all;
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** What arrived so far, without waiting. */
    List<JsonNode> drainNow() {
        List<JsonNode> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }

    void disconnect() {
        session.disconnect();
    }
}
