package dev.hark.emulator.deepgram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback stand-in for Deepgram's live {@code /v1/listen} API with real transcripts from
 * the {@link SpeechRecognizerPort} it is given. Start one per test (or per {@code ./hark
 * deepgram-emulator} run), point a client at {@link #baseUri()}, script faults with
 * {@link #enqueue(ConnectionPlan)}, assert on {@link #observations()}, and {@link #close()} it.
 *
 * <p>The emulator owns a Jetty server and its thread pool, nothing else. It does not own the
 * recognizer: the caller closes that after closing the emulator. Every recognizer stream it
 * opens is aborted when its connection ends, and all of them when the emulator closes.
 */
public final class DeepgramEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeepgramEmulator.class);

    private final Server server;
    private final ServerConnector connector;
    private final EmulatorSettings settings;
    private final Queue<ConnectionPlan> plans = new ConcurrentLinkedQueue<>();
    private final EmulatorObservations observations = new EmulatorObservations();
    private final EmulatorRuntime runtime;

    private DeepgramEmulator(EmulatorSettings settings, SpeechRecognizerPort recognizer) {
        this.settings = settings;
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("deepgram-emulator");
        this.server = new Server(pool);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        server.addConnector(connector);
        this.runtime = new EmulatorRuntime(recognizer, pool, server.getScheduler(), new ObjectMapper(),
                settings.idleTimeout(), settings.modelName(), Clock.systemUTC(), System::nanoTime,
                ConcurrentHashMap.newKeySet());
        ServerWebSocketContainer container = ServerWebSocketContainer.ensure(server);
        // Jetty's own idle timeout must never beat Deepgram's NET-0001 window or the close grace
        container.setIdleTimeout(settings.idleTimeout().plus(ClientSocket.CLOSE_GRACE).plus(Duration.ofSeconds(30)));
        container.setMaxBinaryMessageSize(EmulatorRuntime.MAX_FRAME_BYTES);
        container.setMaxFrameSize(EmulatorRuntime.MAX_FRAME_BYTES);
        HandshakeRules rules = new HandshakeRules(settings.apiKey(), recognizer::refusalFor);
        server.setHandler(new ListenHandler(container, rules, this::nextPlan, observations, runtime));
    }

    /**
     * Binds {@code settings.host():settings.port()} (port 0 picks a free one) and starts serving.
     *
     * @throws IllegalStateException when the server cannot start, e.g. the port is taken
     */
    public static DeepgramEmulator start(EmulatorSettings settings, SpeechRecognizerPort recognizer) {
        DeepgramEmulator emulator = new DeepgramEmulator(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(recognizer, "recognizer"));
        try {
            emulator.server.start();
        } catch (Exception e) {
            emulator.close();
            throw new IllegalStateException("Deepgram emulator could not start on " + settings.host() + ":"
                    + settings.port(), e);
        }
        LOG.info("Deepgram emulator listening on {}{} (key {})", emulator.baseUri(), ListenHandler.PATH,
                settings.requiresKey() ? "required" : "not checked");
        return emulator;
    }

    /** {@code ws://host:port}, without a path: clients append {@code /v1/listen}. */
    public URI baseUri() {
        return URI.create("ws://" + uriHost() + ":" + port());
    }

    /** The bound port, also when the settings asked for an ephemeral one. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The next connection uses {@code plan}; several queued plans are used in order, then the default. */
    public void enqueue(ConnectionPlan plan) {
        plans.add(Objects.requireNonNull(plan, "plan"));
    }

    public EmulatorObservations observations() {
        return observations;
    }

    /**
     * Blocks until the emulator has been {@linkplain #close() closed} from another thread, for a
     * command that serves until it is stopped (a shutdown hook calls {@code close()}).
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Aborts every live recognizer stream and stops the server. Idempotent. */
    @Override
    public void close() {
        List.copyOf(runtime.live()).forEach(ListenConnection::terminate);
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Deepgram emulator did not stop cleanly", e);
        }
        List.copyOf(runtime.live()).forEach(ListenConnection::terminate);
    }

    private ConnectionPlan nextPlan() {
        ConnectionPlan queued = plans.poll();
        return queued != null ? queued : settings.defaultPlan();
    }

    private String uriHost() {
        String host = settings.host();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
