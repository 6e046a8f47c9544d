package dev.hark.infrastructure.inbound.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.inbound.AccessRequest;
import dev.hark.application.port.inbound.AuthenticateUseCase;
import dev.hark.application.port.inbound.Authentication;
import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.CredentialKind;
import dev.hark.infrastructure.inbound.access.UpgradeGate;
import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.ClientStreamUseCase;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.inbound.Routing;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.service.SessionSettings;
import dev.hark.application.service.StreamingSessionService;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.QueueingExecutor;
import dev.hark.application.testing.RecordingChannel;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.ScriptedStream;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.StreamOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code /v1/stream} endpoint on a real Jetty server and real client sockets, in front of the
 * real session service whose lanes run only when the test says so ({@link QueueingExecutor}): so
 * the test decides exactly when a session takes a message, decides a resume, or ends.
 */
class ClientStreamEndpointIT {

    /** No credentials on this test server: every upgrade is admitted as anonymous. */
    private static final AuthenticateUseCase ANYONE = new AuthenticateUseCase() {
        @Override
        public Authentication authenticate(AccessRequest request) {
            return new Authentication.Authenticated(Caller.ANONYMOUS, CredentialKind.NONE);
        }

        @Override
        public boolean credentialsRequired() {
            return false;
        }
    };
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration COOLDOWN = SessionSettings.DEFAULTS.resumeRules().cooldown();

    private final QueueingExecutor lanes = new QueueingExecutor();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final ScriptedRecognizer recognizer = new ScriptedRecognizer();
    private final StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(),
            lanes, scheduler, scheduler, new RecordingMetrics(), SessionSettings.DEFAULTS);
    private final ClientSendStats sendStats = new ClientSendStats();
    /** What each client message handed to the session was answered with, in order. */
    private final List<Routing> routed = new CopyOnWriteArrayList<>();
    /** How often a session let its socket's next message in, and how often one came in without that. */
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger messagesAheadOfTheSession = new AtomicInteger();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final WebSocketClient client = new WebSocketClient();

    /** Set by a test to route the socket's messages to a session that has ended. */
    private final AtomicReference<StreamHandle> endedSession = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        start(StreamEndpointSettings.DEFAULTS);
    }

    private void start(StreamEndpointSettings settings) throws Exception {
        if (server.isStarted()) {
            server.stop();
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        StreamEndpointRoute.install(context, new Recording(), JSON, settings, sendStats, new UpgradeGate(ANYONE));
        server.setHandler(context);
        server.start();
        if (!client.isStarted()) {
            client.start();
        }
    }

    /** The service, recording how each stream command was routed and counting the reads it allows. */
    private final class Recording implements ClientStreamUseCase {

        @Override
        public OpenOutcome open(OpenStreamCommand command, ClientChannelPort channel) {
            return service.open(command, channel);
        }

        @Override
        public CompletionStage<OpenOutcome> resume(ResumeStreamCommand command, ClientChannelPort channel) {
            return service.resume(command, channel);
        }

        @Override
        public Routing pushAudio(StreamHandle handle, byte[] pcm, Runnable readNext) {
            return record(service.pushAudio(routed(handle), pcm, counted(readNext)));
        }

        @Override
        public Routing finalizeStream(StreamHandle handle, Runnable readNext) {
            return record(service.finalizeStream(routed(handle), counted(readNext)));
        }

        @Override
        public Routing closeStream(StreamHandle handle, Runnable readNext) {
            return record(service.closeStream(routed(handle), counted(readNext)));
        }

        @Override
        public Routing keepAlive(StreamHandle handle, Runnable readNext) {
            return record(service.keepAlive(routed(handle), counted(readNext)));
        }

        @Override
        public Routing clientGone(StreamHandle handle, ClientDeparture departure) {
            return service.clientGone(handle, departure);
        }
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.stop();
    }

    @Test
    void holdsAtMostOneMessagePerSocketOnALaneThatDoesNotRun_H24() throws Exception {
        Peer peer = started();
        for (int i = 0; i < 20; i++) {
            peer.sendBinary(new byte[640]);
        }
        peer.sendText("{\"type\":\"keepalive\"}");

        await().atMost(WAIT).until(() -> routed.size() == 1);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> routed.size() == 1);
        await().atMost(WAIT).until(() -> {
            lanes.runAll(); // each message the session takes lets exactly one more in
            return routed.size() == 21;
        });
        lanes.runAll();

        assertThat(messagesAheadOfTheSession).as("messages read before the session took the previous one").hasValue(0);
        assertThat(routed).containsOnly(Routing.QUEUED);
        ScriptedStream stream = (ScriptedStream) recognizer.lastCall().future().join();
        assertThat(stream.audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(20 * 320);
    }

    /**
     * Before a session has accepted a socket nothing is read from it, so what can end it then is
     * a failed write or the idle timeout; the timeout is the deterministic one.
     */
    @Test
    void aSocketThatTimesOutWhileItsResumeIsDecided_detachesTheSessionOnceDecided_andItStaysResumable_H26()
            throws Exception {
        start(new StreamEndpointSettings(64 * 1024, 1024 * 1024, Duration.ofSeconds(1)));
        Peer owner = connect("");
        runLanesOnceQueued();
        recognizer.lastCall().succeed();
        lanes.runAll();
        JsonNode started = owner.next();
        String resumeQuery = "session_id=" + started.path("session_id").asText() + "&resume_token="
                + started.path("resume_token").asText() + "&last_seq=0";
        owner.abort();
        await().atMost(WAIT).until(() -> sendStats.openSockets() == 0);
        lanes.runAll();
        assertThat(service.activeAttachments()).isZero();
        scheduler.advance(COOLDOWN);

        connect(resumeQuery); // and say nothing
        await().atMost(WAIT).until(() -> lanes.pending() == 1); // the decision waits on the session's lane
        await().atMost(WAIT).until(() -> sendStats.openSockets() == 0); // timed out first
        lanes.runAll(); // now the session attaches the dead socket, and hears at once that it is gone

        assertThat(service.activeAttachments()).as("not bound to a dead channel").isZero();
        assertThat(service.activeSessions()).isEqualTo(1);
        scheduler.advance(COOLDOWN);
        Peer rightful = connect(resumeQuery);
        runLanesOnceQueued();
        assertThat(rightful.next().path("type").asText()).as("the same token still resumes (H25)")
                .isEqualTo("session.resumed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"binary", "{\"type\":\"finalize\"}", "{\"type\":\"close_stream\"}", "{\"type\":\"keepalive\"}"})
    void answersAMessageForASessionThatHasEnded_withATypedErrorAndNoException_andServesTheNextClient_H19(String message)
            throws Exception {
        Peer peer = started();
        StreamHandle other = ((OpenOutcome.Opening) service.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), false, "en", 65_536), "10.0.0.9"),
                new RecordingChannel())).handle();
        service.clientGone(other, new ClientDeparture.Violated(ErrorCode.FRAME_TOO_LARGE, "ended for the test"));
        lanes.runAll();
        endedSession.set(other); // the socket's messages now reach a session that no longer exists

        if (message.equals("binary")) {
            peer.sendBinary(new byte[640]);
        } else {
            peer.sendText(message);
        }

        await().atMost(WAIT).until(() -> routed.size() == 1);
        assertThat(routed).containsExactly(Routing.SESSION_GONE);
        JsonNode error = peer.next();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("SESSION_NOT_FOUND");
        assertThat(peer.closeCode()).as("a policy close, not 1011 for an exception").isEqualTo(1008);
        endedSession.set(null);
        assertThat(started().isOpen()).as("the server goes on serving").isTrue();
    }

    private StreamHandle routed(StreamHandle handle) {
        StreamHandle ended = endedSession.get();
        return ended == null ? handle : ended;
    }

    /**
     * Every message after a socket's first is read because the session let it in: a message
     * handed over while the previous one still waits on the lane breaks the H24 invariant.
     */
    private Routing record(Routing routing) {
        if (routed.size() > reads.get()) {
            messagesAheadOfTheSession.incrementAndGet();
        }
        routed.add(routing);
        return routing;
    }

    private Runnable counted(Runnable readNext) {
        return () -> {
            reads.incrementAndGet();
            readNext.run();
        };
    }

    /** A new session whose recognizer opened, its {@code session.started} read. */
    private Peer started() throws Exception {
        Peer peer = connect("");
        runLanesOnceQueued();
        recognizer.lastCall().succeed();
        lanes.runAll();
        assertThat(peer.next().path("type").asText()).isEqualTo("session.started");
        return peer;
    }

    /** The client's upgrade completes before the server has handed the socket to the session: wait for that. */
    private void runLanesOnceQueued() {
        await().atMost(WAIT).until(() -> lanes.pending() > 0);
        lanes.runAll();
    }

    private Peer connect(String query) throws Exception {
        Peer peer = new Peer();
        URI uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + StreamEndpointRoute.PATH
                + (query.isEmpty() ? "" : "?" + query));
        peer.session = client.connect(peer, uri).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return peer;
    }

    /** A client socket that queues what the server says; every wait is bounded. */
    public static final class Peer implements Session.Listener.AutoDemanding {
        private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private volatile Session session;

        @Override
        public void onWebSocketText(String text) {
            try {
                messages.add(JSON.readTree(text));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed.complete(statusCode);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.complete(-1);
        }

        JsonNode next() throws InterruptedException {
            JsonNode message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a message from the server").isNotNull();
            return message;
        }

        int closeCode() throws Exception {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        boolean isOpen() {
            return session.isOpen();
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

        void abort() {
            session.disconnect();
        }
    }
}
