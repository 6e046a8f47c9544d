package dev.hark.domain.session;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Transcript;
import dev.hark.domain.transcript.TranscriptOutbox;
import dev.hark.domain.transcript.TranscriptSequencer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The session aggregate: identity, the current attachment and its generation, lifecycle
 * state, the audio clock (samples received), final-transcript numbering and the outbox of
 * finals kept for resume.
 *
 * <p>Not thread-safe by design: the application confines each session to one serial lane,
 * so every method here runs one at a time. Invariants kept here:
 * <ul>
 *   <li>at most one attachment is current, and generations only grow (H5, H11);</li>
 *   <li>only an event stamped with the current generation passes {@link #isCurrent} (H1);</li>
 *   <li>the state only moves forward and {@link #close()} succeeds exactly once (H13);</li>
 *   <li>the audio clock grows by exactly the samples of accepted frames;</li>
 *   <li>final sequence numbers are consecutive, and every final is kept for resume until a
 *       client confirms it or the outbox bound drops it (counted) (H15);</li>
 *   <li>a resume's token rotation commits only once the new attachment sends a message; until
 *       then the token the client presented still resumes (H25).</li>
 * </ul>
 *
 * <p>Times are readings of a monotonic ticker in nanoseconds, passed in: only their differences
 * (the attach cooldown) mean anything, and the domain never reads a clock.
 */
public final class Session {

    private final SessionId id;
    private final StreamOptions options;
    private final TranscriptSequencer sequencer;
    private final TranscriptOutbox outbox;
    private ResumeTokens resumeTokens;
    // volatile: written only on the session's lane, but read from any thread for stats
    private volatile Attachment attachment = new Attachment.Attached(Generation.FIRST);
    private long lastAttachNanos;
    private volatile SessionState state = SessionState.STARTING;
    private long samplesReceived;

    private Session(SessionId id, ResumeToken resumeToken, StreamOptions options, int outboxCapacity, long nowNanos) {
        this.id = Objects.requireNonNull(id, "id");
        this.resumeTokens = ResumeTokens.settled(resumeToken);
        this.options = Objects.requireNonNull(options, "options");
        this.sequencer = new TranscriptSequencer();
        this.outbox = new TranscriptOutbox(outboxCapacity);
        this.lastAttachNanos = nowNanos;
    }

    private Session(SessionId id, ResumeToken presented, StreamOptions options, TranscriptOutbox outbox,
                    Generation generation, long lastSeq, long samplesReceived) {
        this.id = Objects.requireNonNull(id, "id");
        this.resumeTokens = ResumeTokens.settled(presented);
        this.options = Objects.requireNonNull(options, "options");
        this.sequencer = new TranscriptSequencer(lastSeq);
        this.outbox = outbox;
        this.attachment = new Attachment.Detached(Objects.requireNonNull(generation, "generation"));
        this.state = SessionState.ACTIVE;
        this.samplesReceived = samplesReceived;
    }

    /** A new session, attached as generation 1, at ticker reading {@code nowNanos}. */
    public static Session start(SessionId id, ResumeToken resumeToken, StreamOptions options,
                                int outboxCapacity, long nowNanos) {
        return new Session(id, resumeToken, options, outboxCapacity, nowNanos);
    }

    /**
     * A session rebuilt on another gateway from its journal (H33), detached as {@code generation}
     * and waiting for the resume that asked for it: numbering goes on after {@code lastSeq}, the
     * audio clock at {@code samplesReceived} (the end of the last journaled final: the client
     * resends from there), {@code finals} (oldest first) kept for the resume, and the token the
     * client presented (checked against the journal) is the one that resumes it. No cooldown: it was
     * never attached here.
     */
    public static Session restore(SessionId id, ResumeToken presented, StreamOptions options, int outboxCapacity,
                                  Generation generation, long lastSeq, long samplesReceived, List<Transcript> finals) {
        if (lastSeq < 0 || samplesReceived < 0) {
            throw new IllegalArgumentException("lastSeq and samplesReceived must not be negative");
        }
        long droppedThrough = finals.isEmpty() ? lastSeq : finals.getFirst().seq() - 1;
        if (!finals.isEmpty() && finals.getLast().seq() != lastSeq) {
            throw new IllegalArgumentException("the last final kept is " + finals.getLast().seq() + ", not " + lastSeq);
        }
        TranscriptOutbox outbox = TranscriptOutbox.restored(outboxCapacity, finals, droppedThrough);
        Session session = new Session(id, presented, options, outbox, generation, lastSeq, samplesReceived);
        session.lastAttachNanos = Long.MIN_VALUE;
        return session;
    }

    public SessionId id() {
        return id;
    }

    /** The newest resume token, the one to hand to the client. */
    public ResumeToken resumeToken() {
        return resumeTokens.newest();
    }

    public ResumeTokens resumeTokens() {
        return resumeTokens;
    }

    public StreamOptions options() {
        return options;
    }

    public AudioFormat format() {
        return options.format();
    }

    public Generation generation() {
        return attachment.generation();
    }

    public Attachment attachment() {
        return attachment;
    }

    public boolean isAttached() {
        return attachment instanceof Attachment.Attached && !state.isTerminal();
    }

    public SessionState state() {
        return state;
    }

    public long samplesReceived() {
        return samplesReceived;
    }

    /** The guard every stamped client event passes: only the current, attached generation may act (H1). */
    public boolean isCurrent(Generation stamped) {
        return attachment instanceof Attachment.Attached attached
                && attached.generation().equals(stamped) && !state.isTerminal();
    }

    /**
     * The guard for a message from the client (audio, finalize, keepalive, close_stream): as
     * {@link #isCurrent}, and a message of the current attachment proves it works, which commits
     * a pending token rotation (H25).
     */
    public boolean admitClientMessage(Generation stamped) {
        if (!isCurrent(stamped)) {
            return false;
        }
        resumeTokens = resumeTokens.confirm(stamped);
        return true;
    }

    /** The guard for timers of a detached attachment, such as grace expiry (H3). */
    public boolean isDetachedAs(Generation stamped) {
        return attachment instanceof Attachment.Detached detached
                && detached.generation().equals(stamped) && !state.isTerminal();
    }

    /** The current client went away without close_stream. False (and nothing changes) for a stale generation. */
    public boolean detach(Generation stamped) {
        if (!isCurrent(stamped)) {
            return false;
        }
        attachment = new Attachment.Detached(stamped);
        return true;
    }

    /**
     * A client presents {@code presentedToken} to attach again, at ticker reading {@code nowNanos}.
     * Refusals leave the session untouched; an accepted resume attaches the next generation,
     * starts a token rotation to {@code rotatedToken} (committed by the new attachment's first
     * message, H25) and hands back the finals after {@code lastSeq}.
     */
    public ResumeDecision resume(String presentedToken, long lastSeq, ResumeToken rotatedToken,
                                 long nowNanos, ResumeRules rules) {
        if (state.isTerminal()) {
            return refused(ClientError.of(ErrorCode.SESSION_NOT_FOUND, "session " + id + " has ended"));
        }
        if (!resumeTokens.matches(presentedToken)) {
            return refused(ClientError.of(ErrorCode.RESUME_DENIED, "the resume token does not match this session"));
        }
        if (lastSeq < 0 || lastSeq > sequencer.lastFinalSeq()) {
            return refused(ClientError.of(ErrorCode.INVALID_PARAMETER,
                    "last_seq " + lastSeq + " is outside 0.." + sequencer.lastFinalSeq()));
        }
        if (attachment instanceof Attachment.Attached && rules.policy() == AttachPolicy.REJECT) {
            return refused(ClientError.retryable(ErrorCode.SESSION_BUSY,
                    "session " + id + " already has a client attached", rules.busyRetryAfter()));
        }
        long waitNanos = lastAttachNanos == Long.MIN_VALUE ? 0 : lastAttachNanos + rules.cooldown().toNanos() - nowNanos;
        if (waitNanos > 0) {
            return refused(ClientError.retryable(ErrorCode.RECONNECT_TOO_SOON,
                    "session " + id + " was attached moments ago; retry shortly", roundUpToMillis(Duration.ofNanos(waitNanos))));
        }
        Generation replaced = attachment instanceof Attachment.Attached attached ? attached.generation() : null;
        Generation next = attachment.generation().next();
        attachment = new Attachment.Attached(next);
        resumeTokens = resumeTokens.rotate(presentedToken, Objects.requireNonNull(rotatedToken, "rotatedToken"), next);
        lastAttachNanos = nowNanos;
        TranscriptOutbox.Replay replay = outbox.acknowledgeAndReplay(lastSeq);
        return new ResumeDecision.Resumed(next, replaced, replay.finals(), replay.expired());
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

    /** Numbers a hypothesis for the client; finals are also kept for resume. */
    public Transcript number(Hypothesis hypothesis) {
        Transcript transcript = sequencer.number(hypothesis);
        if (transcript.isFinal()) {
            outbox.record(transcript);
        }
        return transcript;
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

    private static ResumeDecision refused(ClientError error) {
        return new ResumeDecision.Refused(error);
    }

    private static Duration roundUpToMillis(Duration duration) {
        long millis = duration.toMillis() + (duration.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        return Duration.ofMillis(Math.max(1, millis));
    }
}
