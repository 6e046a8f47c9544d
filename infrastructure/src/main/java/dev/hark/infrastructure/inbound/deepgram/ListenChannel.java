package dev.hark.infrastructure.inbound.deepgram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.time.Instant;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's messages in Deepgram's words, on one {@code /v1/listen} socket, through a single
 * safe-send path (H20: never throws into its caller, drops sends to a closed socket).
 *
 * <ul>
 *   <li>transcripts become {@code Results};</li>
 *   <li>speech starts become {@code SpeechStarted} when the client asked for {@code vad_events};</li>
 *   <li>utterance ends become {@code UtteranceEnd} when it asked for {@code utterance_end_ms}:
 *       the session signals each utterance's end once, as a speech-final final or as an
 *       utterance end; after a speech-final final this channel sends the {@code UtteranceEnd}
 *       Deepgram would add once the client's audio has passed the last word by the gap;</li>
 *   <li>the end of the session, however it ends, sends {@code Metadata} once, then the close frame;
 *       a session that ended in order closes with 1000, also when a draining server finalized it
 *       (H29): Deepgram's SDKs treat only 1000 as the end of a stream (JS v5 and the Java SDK
 *       reconnect after any other code), and the session did end in order, with every final;</li>
 *   <li>{@code server.draining} has no Deepgram message: the client learns of the drain from the
 *       {@code Metadata} and close 1000 (reason {@value #DRAINED}) at the deadline;</li>
 *   <li>errors that do not end the session have no Deepgram message and are only logged.</li>
 * </ul>
 * Calls come from the session's lane and from the connection's I/O thread; they are serialized here.
 */
final class ListenChannel implements ClientChannelPort {

    private static final Logger LOG = LoggerFactory.getLogger(ListenChannel.class);
    /** The close reason of a session a draining server finalized (the client may reconnect elsewhere). */
    static final String DRAINED = "server draining: stream finalized; reconnect to continue";
    private static final String SERVER_DRAINING = "server_draining";

    private final Session socket;
    private final ObjectMapper json;
    private final String requestId;
    private final ListenOptions options;
    private final ModelIdentity model;
    private final AudioTally tally;
    private final Instant created;
    private ResultsEncoder encoder;
    private int channels;
    private long utteranceEndGap;
    /** After a speech-final final: the end of its last word, until the UtteranceEnd for it is sent. */
    private long armedLastWordEnd = -1;
    private ClientError ending;
    /** The session ended in order ({@code session.closed}): the close that follows is 1000. */
    private String orderlyReason;
    private boolean metadataSent;
    private boolean closed;

    ListenChannel(Session socket, ObjectMapper json, String requestId, ListenOptions options, AudioTally tally,
                  Instant created) {
        this.socket = socket;
        this.json = json;
        this.requestId = requestId;
        this.options = options;
        this.model = ModelIdentity.of(options.model());
        this.tally = tally;
        this.created = created;
        useFormat(AudioFormat.linear16Mono(AudioFormat.DEFAULT_SAMPLE_RATE), 0);
    }

    /** The client's audio format is known (at once for raw audio, after the header for a container). */
    synchronized void useFormat(AudioFormat format) {
        useFormat(format, format.channels());
    }

    private void useFormat(AudioFormat format, int channelCount) {
        this.encoder = new ResultsEncoder(json, requestId, model, format.sampleRate(), options.endpointing());
        this.channels = channelCount;
        this.utteranceEndGap = format.samplesFor(options.utteranceEndMs());
    }

    @Override
    public synchronized void send(ServerMessage message) {
        switch (message) {
            case ServerMessage.SessionStarted started -> { }
            case ServerMessage.SessionResumed resumed -> { }
            case ServerMessage.TranscriptUpdate update -> transcript(update.transcript().hypothesis(),
                    update.audioReceivedSamples());
            case ServerMessage.SpeechEventNotice notice -> speechEvent(notice.event());
            case ServerMessage.ErrorNotice notice -> error(notice.error());
            case ServerMessage.SessionClosed closedNormally -> {
                orderlyReason = closedNormally.reason();
                metadata();
            }
            case ServerMessage.ServerDraining draining -> LOG.debug("listen {}: draining, {} left (no Deepgram message)",
                    requestId, draining.remaining());
        }
    }

    /** The client's audio clock moved on: an armed UtteranceEnd may be due. */
    synchronized void audioReceived(long samples) {
        if (armedLastWordEnd >= 0 && samples >= armedLastWordEnd + utteranceEndGap) {
            write(encoder.utteranceEnd(armedLastWordEnd));
            armedLastWordEnd = -1;
        }
    }

    @Override
    public synchronized void closeNormally() {
        metadata();
        close(CloseReasons.NORMAL, "");
    }

    @Override
    public synchronized void closeFor(ErrorCode reason) {
        if (orderlyReason != null) {
            // an orderly end whose socket the session closes "going away": the drain's (H29)
            metadata();
            close(CloseReasons.NORMAL, SERVER_DRAINING.equals(orderlyReason) ? DRAINED : "");
            return;
        }
        ClientError error = ending != null && ending.code() == reason ? ending : ClientError.of(reason, reason.name());
        closeWith(error);
    }

    /** Ends the connection for {@code error}: Metadata, then the close frame that fits. */
    synchronized void closeWith(ClientError error) {
        metadata();
        close(CloseReasons.codeFor(error.code()), CloseReasons.reasonFor(error));
    }

    /** NET-0001: Metadata, then close 1011. */
    synchronized void closeIdle() {
        metadata();
        close(CloseReasons.SERVER_ERROR, CloseReasons.NET_0001);
    }

    private void transcript(Hypothesis hypothesis, long audioReceived) {
        if (!hypothesis.isBlank()) {
            armedLastWordEnd = -1; // speech again before the gap: no utterance end for the last one
        }
        write(encoder.results(hypothesis));
        if (hypothesis.speechFinal() && options.utteranceEndMs() > 0) {
            armedLastWordEnd = hypothesis.words().isEmpty() ? hypothesis.span().end()
                    : hypothesis.words().getLast().span().end();
            audioReceived(audioReceived);
        }
    }

    private void speechEvent(SpeechEvent event) {
        switch (event) {
            case SpeechEvent.SpeechStarted started -> {
                if (options.vadEvents()) {
                    write(encoder.speechStarted(started.sample()));
                }
            }
            case SpeechEvent.UtteranceEnded ended -> {
                armedLastWordEnd = -1;
                if (options.utteranceEndMs() > 0) {
                    write(encoder.utteranceEnd(ended.sample()));
                }
            }
        }
    }

    private void error(ClientError error) {
        if (error.endsStream()) {
            ending = error; // the close that follows says it
        } else {
            LOG.debug("listen {}: {} not sent (Deepgram's protocol has no such message): {}", requestId,
                    error.code(), error.message());
        }
    }

    private void metadata() {
        if (!metadataSent) {
            metadataSent = true;
            write(encoder.metadata(created, tally.samples(), tally.sha256(), channels));
        }
    }

    private void write(String text) {
        if (closed || !socket.isOpen()) {
            return;
        }
        try {
            socket.sendText(text, Callback.from(() -> { }, failure ->
                    LOG.debug("listen {}: write failed: {}", requestId, failure.toString())));
        } catch (RuntimeException e) {
            LOG.debug("listen {}: write refused: {}", requestId, e.toString());
        }
    }

    private void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.close(code, reason, Callback.NOOP);
        } catch (RuntimeException e) {
            LOG.debug("listen {}: close failed: {}", requestId, e.toString());
        }
    }
}
