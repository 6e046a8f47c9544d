package dev.hark.infrastructure.inbound.websocket;

import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.Routing;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on {@code /v1/stream}. It translates socket events into use-case
 * calls stamped with this attachment's {@link StreamHandle}, and does nothing slow: frames
 * are copied and queued on the session's lane, then the next frame is demanded.
 *
 * <p>Close and error callbacks go through the same stamped call as messages (H2), so a late
 * callback of this socket can never touch a session it no longer owns. No frame is read
 * before the session has accepted this attachment: demand starts only then.
 *
 * <p>Public only because Jetty invokes listener methods through method handles, which needs a
 * public class; it is created solely by {@link StreamEndpointRoute}.
 */
public final class ClientStreamEndpoint implements Session.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStreamEndpoint.class);

    private final StreamUseCases useCases;
    private final ProtocolCodec codec;
    private final ClientSendStats sendStats;
    private final StreamQuery.Parsed query;
    private final String clientAddress;
    private final Caller caller;
    private volatile Session socket;
    private volatile JettyClientChannel channel;
    private volatile StreamHandle handle;
    private final java.util.concurrent.atomic.AtomicBoolean goneReported = new java.util.concurrent.atomic.AtomicBoolean();

    ClientStreamEndpoint(StreamUseCases useCases, ProtocolCodec codec, ClientSendStats sendStats,
                         StreamQuery.Parsed query, String clientAddress, Caller caller) {
        this.caller = caller;
        this.useCases = useCases;
        this.codec = codec;
        this.sendStats = sendStats;
        this.query = query;
        this.clientAddress = clientAddress;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.socket = session;
        this.channel = new JettyClientChannel(session, codec, sendStats);
        sendStats.socketOpened();
        switch (query) {
            case StreamQuery.Parsed.Invalid invalid -> refuse(invalid.error());
            case StreamQuery.Parsed.Valid valid ->
                    accept(useCases.open().open(new OpenStreamCommand(valid.options(), clientAddress, caller), channel));
            case StreamQuery.Parsed.Resume resume -> useCases.resume()
                    .resume(new ResumeStreamCommand(resume.sessionId(), resume.resumeToken(), resume.lastSeq(),
                            clientAddress, caller), channel)
                    .whenComplete((outcome, failure) -> {
                        if (failure != null) {
                            LOG.error("resume of {} from {} failed", resume.sessionId(), clientAddress, failure);
                            refuse(ClientError.of(ErrorCode.INTERNAL_ERROR, "internal error while resuming"));
                        } else {
                            accept(outcome);
                        }
                    });
        }
    }

    private void accept(OpenOutcome outcome) {
        switch (outcome) {
            case OpenOutcome.Refused refused -> refuse(refused.error());
            case OpenOutcome.Opening opening -> {
                handle = opening.handle();
                channel.label("session " + handle.sessionId() + " gen " + handle.generation());
                socket.demand();
            }
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] pcm = new byte[payload.remaining()];
        payload.get(pcm);
        callback.succeed();
        // the next frame is read only when the session says it can take one (H24 backpressure)
        Routing routing = useCases.pushAudio().pushAudio(handle, pcm, socket::demand);
        if (routing == Routing.QUEUED) {
            socket.demand();
        } else if (routing == Routing.SESSION_GONE) {
            routed(routing);
        }
        // QUEUED_READ_HELD: the session demands the next frame itself once its recognizer catches up
    }

    @Override
    public void onWebSocketText(String text) {
        Routing routing = switch (codec.decode(text)) {
            case ControlMessage.Finalize finalize -> useCases.finalizeStream().finalizeStream(handle);
            case ControlMessage.CloseStream close -> useCases.closeStream().closeStream(handle);
            case ControlMessage.KeepAlive keepAlive -> Routing.QUEUED;
            case ControlMessage.Malformed malformed -> notify(
                    ClientError.of(ErrorCode.MALFORMED_MESSAGE, malformed.reason() + "; message ignored"));
            case ControlMessage.Unknown unknown -> notify(ClientError.of(ErrorCode.UNKNOWN_MESSAGE_TYPE,
                    "unknown message type '" + abbreviate(unknown.type()) + "'; message ignored"));
        };
        if (routed(routing)) {
            socket.demand();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        sendStats.socketClosed();
        reportGone();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("socket error from {}: {}", clientAddress, cause.toString());
        reportGone();
    }

    /** Error and close both end this attachment; the session hears it once, stamped like any event. */
    private void reportGone() {
        StreamHandle current = handle;
        if (current != null && goneReported.compareAndSet(false, true)) {
            useCases.clientGone().clientGone(current);
        }
    }

    /** H19: a frame for a session that has ended gets a clear error and a close, never an exception. */
    private boolean routed(Routing routing) {
        if (routing == Routing.QUEUED) {
            return true;
        }
        refuse(ClientError.of(ErrorCode.SESSION_NOT_FOUND, "this stream's session has ended"));
        return false;
    }

    private void refuse(ClientError error) {
        LOG.info("refused stream from {}: {} {}", clientAddress, error.code(), error.message());
        channel.send(new ServerMessage.ErrorNotice(error));
        channel.closeFor(error.code());
    }

    private Routing notify(ClientError error) {
        channel.send(new ServerMessage.ErrorNotice(error));
        return Routing.QUEUED;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
