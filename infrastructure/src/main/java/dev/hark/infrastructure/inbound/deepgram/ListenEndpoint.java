package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.SessionLifetime;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.infrastructure.inbound.websocket.Departures;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /v1/listen} connection: Deepgram's client messages (deepgram-protocol.md §2)
 * turned into the session use cases, stamped with this connection's {@link StreamHandle}.
 * Binary frames are audio (a zero-length one means CloseStream, the legacy end-of-stream);
 * text frames are {@code KeepAlive}, {@code Finalize} and {@code CloseStream}, anything else is
 * ignored. No frame for {@link ListenSettings#idleTimeout()} ends the connection with NET-0001.
 *
 * <p>Flow control (H24), as on {@code /v1/stream}: frames are read by explicit demand, and a
 * message handed to the session (audio, {@code KeepAlive}, {@code Finalize}, {@code CloseStream})
 * carries {@code socket::demand} as its {@code readNext}, which the session runs on its lane once
 * it has taken the message (later while its recognizer is behind). This endpoint demands itself
 * only after a frame no session took (a partial sample frame, an unknown type, audio after
 * {@code CloseStream}, the WAV header's first bytes), so a socket has at most one message waiting
 * in its session. {@code KeepAlive} reaches the session like any client message.
 *
 * <p>The session ends with the socket ({@link SessionLifetime#ENDS_WITH_CONNECTION}). Audio
 * sent without {@code encoding} must start with a WAV header, which names the format; the
 * session opens once it has arrived. Jetty delivers one frame at a time; the idle timer runs
 * on another thread, so the phase changes under this object's lock. Audio goes to the session
 * after the lock is released ({@link SessionAudio} is touched only by Jetty's one-at-a-time
 * delivery), because an idle session lane runs the frame's work on this thread.
 *
 * <p>Public only because Jetty invokes listener methods through method handles; it is created
 * solely by {@link ListenServlet}.
 */
public final class ListenEndpoint implements Session.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ListenEndpoint.class);

    private final ListenContext context;
    private final ListenOptions options;
    private final Caller caller;
    private final String requestId;
    private final String clientAddress;
    private final AudioTally tally = new AudioTally();
    private final IdleWatch idle;
    private Session socket;
    private ListenChannel channel;
    private ListenPhase phase = new ListenPhase.AwaitingHeader(HeaderWait.start());
    /** Jetty reported the socket closed or failed (both may come); guards the socket count. */
    private boolean socketGone;

    ListenEndpoint(ListenContext context, ListenOptions options, Caller caller, String requestId, String clientAddress) {
        this.context = context;
        this.options = options;
        this.caller = caller;
        this.requestId = requestId;
        this.clientAddress = clientAddress;
        this.idle = new IdleWatch(context.scheduler(), context.settings().idleTimeout(), context.ticker()::nanoTime,
                this::idleExpired);
    }

    @Override
    public synchronized void onWebSocketOpen(Session session) {
        socket = session;
        context.sockets().socketOpened();
        channel = new ListenChannel(session, context.json(), requestId, options, tally, context.clock().instant());
        idle.start();
        if (options.audio() instanceof ListenOptions.AudioDeclaration.Raw raw) {
            open(raw.format());
        }
        if (!phase.ended()) {
            socket.demand();
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        idle.touch();
        boolean readOn;
        SessionAudio audio = null;
        synchronized (this) {
            readOn = switch (phase) {
                case ListenPhase.Ended ended -> false;
                case ListenPhase.Closing closing -> true; // Deepgram does not process audio after CloseStream
                case ListenPhase.AwaitingHeader awaiting -> bytes.length == 0 ? closeStream() : header(awaiting.header(), bytes);
                case ListenPhase.Streaming streaming -> {
                    if (bytes.length == 0) {
                        yield closeStream();
                    }
                    audio = streaming.audio();
                    yield false;
                }
            };
        }
        if (audio != null) {
            // outside the lock: an idle session lane runs the frame on this thread (SerialLane), and
            // its work (sends, closes) must not run under a lock the idle timer also takes
            readOn = audio.push(bytes);
        }
        if (readOn) {
            socket.demand();
        }
    }

    @Override
    public void onWebSocketText(String text) {
        idle.touch();
        boolean readOn;
        synchronized (this) {
            readOn = switch (ListenControl.of(context.json(), text)) {
                case FINALIZE -> finalizeStream();
                case CLOSE_STREAM -> closeStream();
                case KEEP_ALIVE -> keepAlive();
                case UNKNOWN -> !phase.ended(); // types Deepgram does not define: ignored
            };
        }
        if (readOn) {
            socket.demand();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        ended(ClientDeparture.DROPPED);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("listen {} from {}: socket error: {}", requestId, clientAddress, cause.toString());
        ended(Departures.of(cause));
    }

    /** The socket is gone: the session ends with it (a Deepgram client cannot resume). */
    private void ended(ClientDeparture departure) {
        Optional<StreamHandle> handle;
        synchronized (this) {
            if (socketGone) {
                return; // Jetty may report both an error and the close: once is enough
            }
            socketGone = true;
            context.sockets().socketClosed();
            handle = phase.session();
            phase = new ListenPhase.Ended();
        }
        idle.stop();
        handle.ifPresent(current -> context.sessions().clientGone(current, departure));
    }

    private void open(AudioFormat format) {
        channel.useFormat(format);
        OpenOutcome outcome = context.sessions().open(new OpenStreamCommand(
                options.streamOptions(format, context.settings().maxFrameBytes()), clientAddress, caller,
                SessionLifetime.ENDS_WITH_CONNECTION), channel);
        switch (outcome) {
            case OpenOutcome.Refused refused -> refuse(refused.error());
            case OpenOutcome.Opening opening -> phase = new ListenPhase.Streaming(new SessionAudio(opening.handle(), format,
                    context.sessions(), context.settings().maxFrameBytes(), tally, channel, socket::demand));
        }
    }

    /** A frame of a WAV stream before its header is complete: wait on, refuse, or open the session with its format. */
    private boolean header(HeaderWait wait, byte[] bytes) {
        return switch (wait.receive(bytes, context.formats())) {
            case HeaderWait.Next.Waiting waiting -> {
                phase = new ListenPhase.AwaitingHeader(waiting.next());
                yield true;
            }
            case HeaderWait.Next.Refused refused -> refuse(refused.error());
            case HeaderWait.Next.Complete complete -> {
                open(complete.format());
                yield phase instanceof ListenPhase.Streaming streaming
                        && (complete.samples().length == 0 || streaming.audio().push(complete.samples()));
            }
        };
    }

    /** Finalize: the session flushes and reads on; with no session yet there is nothing to flush. */
    private boolean finalizeStream() {
        if (phase instanceof ListenPhase.Streaming streaming) {
            context.sessions().finalizeStream(streaming.audio().handle(), socket::demand);
            return false;
        }
        return !phase.ended();
    }

    /**
     * KeepAlive changes nothing, but the session hears it like any client message (it proves the
     * connection works, as on {@code /v1/stream}) and reads on; the idle watch was touched already.
     */
    private boolean keepAlive() {
        Optional<StreamHandle> handle = phase.session();
        if (handle.isPresent()) {
            context.sessions().keepAlive(handle.get(), socket::demand);
            return false;
        }
        return !phase.ended();
    }

    /** No more audio: the session flushes, sends Metadata and closes 1000; before any audio, that is at once. */
    private boolean closeStream() {
        switch (phase) {
            case ListenPhase.Streaming streaming -> {
                phase = new ListenPhase.Closing(streaming.audio().handle());
                idle.stop();
                // the session reads on once it took it, so the client's close still reaches us
                context.sessions().closeStream(streaming.audio().handle(), socket::demand);
                return false;
            }
            case ListenPhase.AwaitingHeader awaiting -> {
                phase = new ListenPhase.Ended(); // no session to wait for
                idle.stop();
                channel.closeNormally();
            }
            case ListenPhase.Closing closing -> { }
            case ListenPhase.Ended ended -> { }
        }
        return !phase.ended();
    }

    private void idleExpired() {
        synchronized (this) {
            if (phase instanceof ListenPhase.Ended || phase instanceof ListenPhase.Closing) {
                return;
            }
            LOG.info("listen {} from {}: no frame for {}; closing with NET-0001", requestId, clientAddress,
                    context.settings().idleTimeout());
            channel.closeIdle();
        }
    }

    /** Ends the connection for {@code error} before or instead of a session: Metadata and the fitting close. */
    private boolean refuse(ClientError error) {
        LOG.info("listen {} from {}: {} {}", requestId, clientAddress, error.code(), error.message());
        phase = new ListenPhase.Ended();
        idle.stop();
        channel.closeWith(error);
        return false;
    }
}
