package dev.hark.emulator.deepgram;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send side of one client socket. Called from the connection's lane only, and Jetty keeps
 * the order of queued writes, so messages and the close frame leave in call order. After the
 * close frame the client gets {@link #CLOSE_GRACE} to answer before the socket is dropped:
 * OkHttp-based clients (the Java SDK) only answer a close when the application disconnects
 * (deepgram-protocol.md §5.1).
 */
final class ClientSocket {

    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ClientSocket.class);

    private final Session session;
    private final Scheduler scheduler;
    private final String label;
    private boolean closeSent;

    ClientSocket(Session session, Scheduler scheduler, String label) {
        this.session = session;
        this.scheduler = scheduler;
        this.label = label;
    }

    /** False once the close frame was sent or the socket closed: {@link #send} then drops messages. */
    boolean writable() {
        return !closeSent && session.isOpen();
    }

    void send(String text) {
        if (!writable()) {
            LOG.debug("{}: not sent, socket closing: {}", label, text);
            return;
        }
        session.sendText(text, Callback.from(() -> { }, failure ->
                LOG.debug("{}: write failed: {}", label, failure.toString())));
    }

    /** Sends the close frame once; later calls do nothing. */
    void close(int code, String reason) {
        if (closeSent) {
            return;
        }
        closeSent = true;
        session.close(code, reason, Callback.from(() -> { }, failure ->
                LOG.debug("{}: close failed: {}", label, failure.toString())));
        scheduler.schedule(() -> {
            if (session.isOpen()) {
                LOG.debug("{}: no close reply within {}; dropping the socket", label, CLOSE_GRACE);
                session.disconnect();
            }
        }, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
