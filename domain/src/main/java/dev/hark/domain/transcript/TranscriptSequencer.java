package dev.hark.domain.transcript;

/**
 * Numbers final transcripts 1, 2, 3... within a session. Not thread-safe: it belongs to the
 * session and is touched only on the session's lane.
 */
public final class TranscriptSequencer {

    private long lastFinalSeq;

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
