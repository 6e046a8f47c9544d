package dev.hark.emulator.deepgram;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live, thread-safe tally behind one {@link ConnectionObservation}. Jetty threads, the
 * connection's lane and test threads touch it concurrently, so every field is atomic or
 * volatile and {@link #snapshot()} copies.
 */
final class ConnectionRecorder {

    private final int index;
    private final String requestId;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;

    private volatile int handshakeStatus;
    private volatile String subprotocol = "";
    private final AtomicLong binaryFrames = new AtomicLong();
    private final AtomicLong binaryBytes = new AtomicLong();
    private final AtomicInteger keepAlives = new AtomicInteger();
    private final AtomicInteger finalizes = new AtomicInteger();
    private final AtomicInteger closeStreams = new AtomicInteger();
    private final AtomicInteger otherTexts = new AtomicInteger();
    private volatile boolean emptyBinaryFrame;
    private volatile int closeCode;
    private volatile String closeReason = "";
    private volatile boolean ended;
    private final AtomicInteger sentInterims = new AtomicInteger();
    private final AtomicInteger sentFinals = new AtomicInteger();
    private final AtomicInteger sentFinalsWithWords = new AtomicInteger();
    private final AtomicInteger sentSpeechFinals = new AtomicInteger();
    private final AtomicInteger sentFromFinalize = new AtomicInteger();
    private final AtomicInteger sentSpeechStarted = new AtomicInteger();
    private final AtomicInteger sentUtteranceEnds = new AtomicInteger();
    private final AtomicInteger sentMetadata = new AtomicInteger();

    ConnectionRecorder(int index, String requestId, Map<String, List<String>> query,
                       Map<String, List<String>> headers) {
        this.index = index;
        this.requestId = requestId;
        this.query = query;
        this.headers = headers;
    }

    void accepted(String selectedSubprotocol) {
        subprotocol = selectedSubprotocol;
        handshakeStatus = ConnectionPlan.ACCEPT;
    }

    void rejected(int status) {
        handshakeStatus = status;
        ended = true;
    }

    void binaryFrame(int bytes) {
        binaryFrames.incrementAndGet();
        binaryBytes.addAndGet(bytes);
        if (bytes == 0) {
            emptyBinaryFrame = true;
        }
    }

    void text(ControlMessage message) {
        switch (message) {
            case KEEP_ALIVE -> keepAlives.incrementAndGet();
            case FINALIZE -> finalizes.incrementAndGet();
            case CLOSE_STREAM -> closeStreams.incrementAndGet();
            case OTHER -> otherTexts.incrementAndGet();
        }
    }

    /** Only the first close the emulator sends counts; Jetty ignores later ones too. */
    synchronized void closeSent(int code, String reason) {
        if (closeCode == 0) {
            closeReason = reason;
            closeCode = code;
        }
    }

    /** {@code emission} is being written to the client (counted first, so whoever reads it finds it counted). */
    void sent(Emission emission) {
        switch (emission) {
            case Emission.Transcript results when !results.isFinal() -> sentInterims.incrementAndGet();
            case Emission.Transcript results -> {
                sentFinals.incrementAndGet();
                if (!results.words().isEmpty()) {
                    sentFinalsWithWords.incrementAndGet();
                }
                if (results.speechFinal()) {
                    sentSpeechFinals.incrementAndGet();
                }
                if (results.fromFinalize()) {
                    sentFromFinalize.incrementAndGet();
                }
            }
            case Emission.SpeechStart start -> sentSpeechStarted.incrementAndGet();
            case Emission.UtteranceEnd end -> sentUtteranceEnds.incrementAndGet();
        }
    }

    /** A Metadata message is being written to the client. */
    void metadataSent() {
        sentMetadata.incrementAndGet();
    }

    void ended() {
        ended = true;
    }

    ConnectionObservation snapshot() {
        return new ConnectionObservation(index, requestId, handshakeStatus, query, headers, subprotocol,
                binaryFrames.get(), binaryBytes.get(), keepAlives.get(), finalizes.get(), closeStreams.get(),
                otherTexts.get(), emptyBinaryFrame, closeCode, closeReason, ended,
                new ConnectionObservation.Sent(sentInterims.get(), sentFinals.get(), sentFinalsWithWords.get(),
                        sentSpeechFinals.get(), sentFromFinalize.get(), sentSpeechStarted.get(),
                        sentUtteranceEnds.get(), sentMetadata.get()));
    }
}
