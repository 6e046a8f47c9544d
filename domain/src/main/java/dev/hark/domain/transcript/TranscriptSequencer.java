package dev.hark.domain.transcript;

/**
 * Numbers final transcripts 1, 2, 3... within a session. Not thread-safe: it belongs to the
 * session and is touched only on the session's lane.
 */
public final class TranscriptSequencer {

    private long lastFinalSeq;

    public TranscriptSequencer() {
    }

    /** Numbering that goes on after {@code lastFinalSeq} (a session rebuilt on another gateway, H33). */
    public TranscriptSequencer(long lastFinalSeq) {
        if (lastFinalSeq < 0) {
            throw new IllegalArgumentException("lastFinalSeq must not be negative");
        }
        this.lastFinalSeq = lastFinalSeq;
    }

    /** Stamps a hypothesis; a final advances the sequence, an interim previews the next value. */
    public Transcript number(Hypothesis hypothesis) {
        if (hypothesis.isFinal()) {
            lastFinalSeq++;
            return new Transcript(lastFinalSeq, hypothesis);
        }
        return new Transcript(lastFinalSeq + 1, hypothesis);
    }

    public long lastFinalSeq() {
        return lastFinalSeq;
    }
}
