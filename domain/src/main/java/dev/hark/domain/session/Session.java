package dev.hark.domain.session;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Transcript;
import dev.hark.domain.transcript.TranscriptSequencer;
import java.util.Objects;

/**
 * The session aggregate: identity, current generation, lifecycle state, the audio clock
 * (samples received) and final-transcript numbering.
 *
 * <p>Not thread-safe by design: the application confines each session to one serial lane,
 * so every method here runs one at a time. Invariants kept here: the state only moves
 * forward; the audio clock only grows, by exactly the samples of accepted frames; final
 * sequence numbers are consecutive.
 */
public final class Session {

    private final SessionId id;
    private final ResumeToken resumeToken;
    private final StreamOptions options;
    private final TranscriptSequencer sequencer = new TranscriptSequencer();
    private Generation generation = Generation.FIRST;
    private SessionState state = SessionState.STARTING;
    private long samplesReceived;

    private Session(SessionId id, ResumeToken resumeToken, StreamOptions options) {
        this.id = Objects.requireNonNull(id, "id");
        this.resumeToken = Objects.requireNonNull(resumeToken, "resumeToken");
        this.options = Objects.requireNonNull(options, "options");
    }

    public static Session start(SessionId id, ResumeToken resumeToken, StreamOptions options) {
        return new Session(id, resumeToken, options);
    }

    public SessionId id() {
        return id;
    }

    public ResumeToken resumeToken() {
        return resumeToken;
    }

    public StreamOptions options() {
        return options;
    }

    public AudioFormat format() {
        return options.format();
    }

    public Generation generation() {
        return generation;
    }

    public SessionState state() {
        return state;
    }

    public long samplesReceived() {
        return samplesReceived;
    }

    /** The guard every stamped event passes: only the current generation may act (H1). */
    public boolean isCurrent(Generation stamped) {
        return generation.equals(stamped) && !state.isTerminal();
    }

    /**
     * Checks a binary frame and, when it is acceptable, stamps it with its position on the
     * session clock and advances the clock. A refused frame leaves the clock untouched.
     */
    public FrameVerdict acceptAudio(byte[] pcm) {
        if (!state.acceptsAudio()) {
            return new FrameVerdict.Refused(ClientError.of(ErrorCode.STREAM_CLOSING,
                    "the stream is closing; audio after close_stream is ignored"));
        }
        if (pcm.length > options.maxFrameBytes()) {
            return new FrameVerdict.Refused(ClientError.of(ErrorCode.FRAME_TOO_LARGE,
                    "binary frame of " + pcm.length + " bytes exceeds the limit of "
                            + options.maxFrameBytes() + " bytes; frame dropped"));
        }
        if (pcm.length == 0 || !format().isWholeFrames(pcm.length)) {
            return new FrameVerdict.Refused(ClientError.of(ErrorCode.INVALID_AUDIO_FRAME,
                    "binary frame of " + pcm.length + " bytes is not a whole number of "
                            + format().bytesPerFrame() + "-byte sample frames; frame dropped"));
        }
        PcmChunk chunk = new PcmChunk(samplesReceived, pcm, format());
        samplesReceived += chunk.sampleCount();
        return new FrameVerdict.Accepted(chunk);
    }

    /** Numbers a hypothesis for the client. */
    public Transcript number(Hypothesis hypothesis) {
        return sequencer.number(hypothesis);
    }

    public long lastFinalSeq() {
        return sequencer.lastFinalSeq();
    }

    /** STARTING -> ACTIVE, once the recognizer stream is open. False when the session moved on meanwhile. */
    public boolean activate() {
        if (state != SessionState.STARTING) {
            return false;
        }
        state = SessionState.ACTIVE;
        return true;
    }

    /** -> CLOSING on the client's close_stream. False when already closing or closed. */
    public boolean beginClosing() {
        if (state == SessionState.CLOSING || state.isTerminal()) {
            return false;
        }
        state = SessionState.CLOSING;
        return true;
    }

    /** -> CLOSED from anywhere. False when it already was, so cleanup runs once. */
    public boolean close() {
        if (state.isTerminal()) {
            return false;
        }
        state = SessionState.CLOSED;
        return true;
    }
}
