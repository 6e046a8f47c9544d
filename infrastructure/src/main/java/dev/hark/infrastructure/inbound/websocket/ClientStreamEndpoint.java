package dev.hark.infrastructure.inbound.websocket;

import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.ClientStreamUseCase;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.Routing;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on {@code /v1/stream}. It translates socket events into use-case
 * calls stamped with this attachment's {@link StreamHandle}, and does nothing slow: frames
 * are copied and queued on the session's lane.
 *
 * <p>Flow control (H24): no message is read before the session has accepted this attachment,
 * and after that the next message is read only when the session has taken the current one
 * (the session runs {@code socket::demand} on its lane), so a socket never has more than one
 * message waiting in the session. Malformed text is answered here and reads on at once.
 *
 * <p>Close and error callbacks go through the same stamped call as messages (H2), so a late
 * callback of this socket can never touch a session it no longer owns. A close that arrives
 * before a resume has been decided is remembered ({@link AttachState}) and reported as soon as
 * the session has attached the socket, so the session detaches instead of staying bound to a
 * dead channel (H26). A close the server made because the client broke the protocol (Jetty's
 * 1009 for a message over the transport cap, bad framing or payload) tells the session so, and
 * it ends at once (H27).
 *
 * <p>Public only because Jetty invokes listener methods through method handles, which needs a
 * public class; it is created solely by {@link StreamEndpointRoute}.
 */
public final class ClientStreamEndpoint implements Session.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStreamEndpoint.class);

    private final ClientStreamUseCase useCases;
    private final ProtocolCodec codec;
    private final ClientSendStats sendStats;
    private final StreamQuery.Parsed query;
    private final String clientAddress;
    private final Caller caller;
    private final AtomicReference<AttachState> attach = new AtomicReference<>(new AttachState.Deciding());
    private volatile Session socket;
    private volatile JettyClientChannel channel;

    ClientStreamEndpoint(ClientStreamUseCase useCases, ProtocolCodec codec, ClientSendStats sendStats,
                         StreamQuery.Parsed query, String clientAddress, Caller caller) {
        this.useCases = useCases;
        this.codec = codec;
        this.sendStats = sendStats;
        this.query = query;
        this.clientAddress = clientAddress;
        this.caller = caller;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.socket = session;
        this.channel = new JettyClientChannel(session, codec, sendStats);
        sendStats.socketOpened();
        switch (query) {
            case StreamQuery.Parsed.Invalid invalid -> refuse(invalid.error());
            case StreamQuery.Parsed.Valid valid ->
                    accept(useCases.open(new OpenStreamCommand(valid.options(), clientAddress, caller), channel));
            case StreamQuery.Parsed.Resume resume -> useCases
                    .resume(new ResumeStreamCommand(resume.sessionId(), resume.resumeToken(), resume.lastSeq(),
                            clientAddress, caller), channel)
                    .whenComplete((outcome, failure) -> {
                        try {
                            if (failure != null) {
                                LOG.error("resume of {} from {} failed", resume.sessionId(), clientAddress, failure);
                                refuse(ClientError.of(ErrorCode.INTERNAL_ERROR, "internal error while resuming"));
                            } else {
                                accept(outcome);
                            }
                        } catch (RuntimeException e) { // never lost in the future nobody reads
                            LOG.error("answering the resume of {} from {} failed", resume.sessionId(), clientAddress, e);
                            socket.disconnect();
                        }
                    });
        }
    }

    private void accept(OpenOutcome outcome) {
        switch (outcome) {
            case OpenOutcome.Refused refused -> refuse(refused.error());
            case OpenOutcome.Opening opening -> attached(opening.handle());
        }
    }

    private void attached(StreamHandle handle) {
        channel.label("session " + handle.sessionId() + " gen " + handle.generation());
        while (true) {
            AttachState current = attach.get();
            switch (current) {
                case AttachState.Deciding deciding -> {
                    if (attach.compareAndSet(current, new AttachState.Attached(handle))) {
                        socket.demand();
                        return;
                    }
                }
                case AttachState.GoneWhileDeciding gone -> {
                    if (attach.compareAndSet(current, new AttachState.Reported(handle))) {
                        LOG.debug("{} went away while its attach was decided; reporting it now", handle);
                        useCases.clientGone(handle, gone.departure());
                        return;
                    }
                }
                case AttachState.Attached attachedAlready -> {
                    return;
                }
                case AttachState.Reported reported -> {
                    return;
                }
                case AttachState.Refused refused -> {
                    return;
                }
            }
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] pcm = new byte[payload.remaining()];
        payload.get(pcm);
        callback.succeed();
        StreamHandle handle = handle();
        if (handle != null) {
            // the session demands the next frame once it has taken this one (H24 backpressure)
            routed(useCases.pushAudio(handle, pcm, socket::demand));
        }
    }

    @Override
    public void onWebSocketText(String text) {
        StreamHandle handle = handle();
        if (handle == null) {
            return;
        }
        Runnable readNext = socket::demand;
        switch (codec.decode(text)) {
            case ControlMessage.Finalize finalize -> routed(useCases.finalizeStream(handle, readNext));
            case ControlMessage.CloseStream close -> routed(useCases.closeStream(handle, readNext));
            case ControlMessage.KeepAlive keepAlive -> routed(useCases.keepAlive(handle, readNext));
            case ControlMessage.Malformed malformed -> notifyAndReadOn(
                    ClientError.of(ErrorCode.MALFORMED_MESSAGE, malformed.reason() + "; message ignored"));
            case ControlMessage.Unknown unknown -> notifyAndReadOn(ClientError.of(ErrorCode.UNKNOWN_MESSAGE_TYPE,
                    "unknown message type '" + abbreviate(unknown.type()) + "'; message ignored"));
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        sendStats.socketClosed();
        reportGone(ClientDeparture.DROPPED);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("socket error from {}: {}", clientAddress, cause.toString());
        reportGone(Departures.of(cause));
    }

    /** Error and close both end this attachment; the session hears it once, stamped like any event (H2, H26). */
    private void reportGone(ClientDeparture departure) {
        while (true) {
            AttachState current = attach.get();
            switch (current) {
                case AttachState.Deciding deciding -> {
                    if (attach.compareAndSet(current, new AttachState.GoneWhileDeciding(departure))) {
                        return; // reported by attached() once the decision is in
                    }
                }
                case AttachState.Attached attached -> {
                    if (attach.compareAndSet(current, new AttachState.Reported(attached.handle()))) {
                        useCases.clientGone(attached.handle(), departure);
                        return;
                    }
                }
                case AttachState.GoneWhileDeciding first -> {
                    return;
                }
                case AttachState.Reported reported -> {
                    return;
                }
                case AttachState.Refused refused -> {
                    return;
                }
            }
        }
    }

    /** The handle messages are stamped with, once the session has accepted this socket. */
    private StreamHandle handle() {
        return switch (attach.get()) {
            case AttachState.Attached attached -> attached.handle();
            case AttachState.Reported reported -> reported.handle();
            case AttachState.Deciding deciding -> null;
            case AttachState.GoneWhileDeciding gone -> null;
            case AttachState.Refused refused -> null;
        };
    }

    /** H19: a message for a session that has ended gets a clear error and a close, never an exception. */
    private void routed(Routing routing) {
        switch (routing) {
            case QUEUED -> { } // the session reads on when it has taken the message
            case SESSION_GONE -> refuse(ClientError.of(ErrorCode.SESSION_NOT_FOUND, "this stream's session has ended"));
        }
    }

    private void refuse(ClientError error) {
        attach.updateAndGet(current -> current instanceof AttachState.Deciding ? new AttachState.Refused() : current);
        LOG.info("refused stream from {}: {} {}", clientAddress, error.code(), error.message());
        channel.send(new ServerMessage.ErrorNotice(error));
        channel.closeFor(error.code());
    }

    private void notifyAndReadOn(ClientError error) {
        channel.send(new ServerMessage.ErrorNotice(error));
        socket.demand();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
