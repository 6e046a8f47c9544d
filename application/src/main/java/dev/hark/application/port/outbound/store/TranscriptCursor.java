package dev.hark.application.port.outbound.store;

/**
 * A position in a session's outbox. A final numbered {@code seq} sits at {@code (seq, 0)};
 * interims of the next final and the end entry sit at {@code (seq, 1..)} after it. Reading
 * "after" a cursor returns every later entry in order.
 */
public record TranscriptCursor(long seq, long index) implements Comparable<TranscriptCursor> {

    /** Before everything. */
    public static final TranscriptCursor START = new TranscriptCursor(0, 0);

    public TranscriptCursor {
        if (seq < 0 || index < 0) {
            throw new IllegalArgumentException("negative cursor (" + seq + ", " + index + ")");
        }
    }

    /** Right after the final a client reported as {@code last_seq}. */
    public static TranscriptCursor afterFinal(long lastSeq) {
        return new TranscriptCursor(lastSeq, 0);
    }

    @Override
    public int compareTo(TranscriptCursor other) {
        int bySeq = Long.compare(seq, other.seq);
        return bySeq != 0 ? bySeq : Long.compare(index, other.index);
    }
}
