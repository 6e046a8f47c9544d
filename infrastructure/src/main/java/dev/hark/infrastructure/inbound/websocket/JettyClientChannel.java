package dev.hark.infrastructure.inbound.websocket;

import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.error.ErrorCode;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single safe-send path to one client socket (H20): it checks the socket is open, never
 * throws into its caller, and counts what it could not deliver. Jetty queues writes, so
 * sends return at once and keep their order.
 */
final class JettyClientChannel implements ClientChannelPort {

    private static final Logger LOG = LoggerFactory.getLogger(JettyClientChannel.class);

    private final Session socket;
    private final ProtocolCodec codec;
    private final ClientSendStats stats;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String label = "unattached";

    JettyClientChannel(Session socket, ProtocolCodec codec, ClientSendStats stats) {
        this.socket = socket;
        this.codec = codec;
        this.stats = stats;
    }

    /** Names the session in logs once it is known. */
    void label(String sessionLabel) {
        this.label = sessionLabel;
    }

    @Override
    public void send(ServerMessage message) {
        if (closed.get() || !socket.isOpen()) {
            stats.droppedOnClosedSocket();
            LOG.debug("{}: {} not sent, socket closed", label, message.getClass().getSimpleName());
            return;
        }
        try {
            socket.sendText(codec.encode(message), Callback.from(() -> { }, failure -> {
                stats.failedWrite();
                LOG.debug("{}: write failed: {}", label, failure.toString());
            }));
        } catch (RuntimeException e) {
            stats.failedWrite();
            LOG.debug("{}: write refused: {}", label, e.toString());
        }
    }

    @Override
    public void closeNormally() {
        close(CloseCodes.NORMAL, null);
    }

    @Override
    public void closeFor(ErrorCode reason) {
        close(CloseCodes.forError(reason), reason.name());
    }

    private void close(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close(code, reason, Callback.NOOP);
        } catch (RuntimeException e) {
            LOG.debug("{}: close failed: {}", label, e.toString());
        }
    }
}
