package dev.hark.infrastructure.in.websocket;

import dev.hark.application.port.in.OpenOutcome;
import dev.hark.application.port.in.OpenStreamCommand;
import dev.hark.application.port.in.StreamHandle;
import dev.hark.application.port.out.ServerMessage;
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
 * callback of this socket can never touch a session it no longer owns.
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
    private volatile Session socket;
    private volatile JettyClientChannel channel;
    private volatile StreamHandle handle;

    ClientStreamEndpoint(StreamUseCases useCases, ProtocolCodec codec, ClientSendStats sendStats,
                         StreamQuery.Parsed query, String clientAddress) {
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
        switch (query) {
            case StreamQuery.Parsed.Invalid invalid -> refuse(invalid.error());
            case StreamQuery.Parsed.Valid valid -> {
                OpenOutcome outcome = useCases.open().open(new OpenStreamCommand(valid.options(), clientAddress), channel);
                switch (outcome) {
                    case OpenOutcome.Refused refused -> refuse(refused.error());
                    case OpenOutcome.Opening opening -> {
                        handle = opening.handle();
                        channel.label("session " + handle.sessionId() + " gen " + handle.generation());
                        session.demand();
                    }
                }
            }
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        StreamHandle current = handle;
        if (current != null) {
            byte[] pcm = new byte[payload.remaining()];
            payload.get(pcm);
            useCases.pushAudio().pushAudio(current, pcm);
        }
        callback.succeed();
        socket.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        StreamHandle current = handle;
        if (current != null) {
            switch (codec.decode(text)) {
                case ControlMessage.Finalize finalize -> useCases.finalizeStream().finalizeStream(current);
                case ControlMessage.CloseStream close -> useCases.closeStream().closeStream(current);
                case ControlMessage.KeepAlive keepAlive -> { }
                case ControlMessage.Malformed malformed ->
                        notify(ClientError.of(ErrorCode.MALFORMED_MESSAGE, malformed.reason() + "; message ignored"));
                case ControlMessage.Unknown unknown ->
                        notify(ClientError.of(ErrorCode.UNKNOWN_MESSAGE_TYPE,
                                "unknown message type '" + abbreviate(unknown.type()) + "'; message ignored"));
            }
        }
        socket.demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        StreamHandle current = handle;
        if (current != null) {
            useCases.clientGone().clientGone(current);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("socket error from {}: {}", clientAddress, cause.toString());
        StreamHandle current = handle;
        if (current != null) {
            useCases.clientGone().clientGone(current);
        }
    }

    private void refuse(ClientError error) {
        LOG.info("refused stream from {}: {} {}", clientAddress, error.code(), error.message());
        channel.send(new ServerMessage.ErrorNotice(error));
        channel.closeFor(error.code());
    }

    private void notify(ClientError error) {
        channel.send(new ServerMessage.ErrorNotice(error));
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
