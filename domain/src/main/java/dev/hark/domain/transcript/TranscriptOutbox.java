package dev.hark.domain.transcript;

import dev.hark.domain.audio.SampleSpan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Final transcripts kept for a client that may resume (hazard H15). Bounded in count; when
 * full the oldest is dropped and counted, so a client resuming from before it learns exactly
 * how many it missed instead of silently missing them. Finals a client confirms (by resuming
 * with {@code last_seq}) are released. Lane-confined.
 *
 * <p>Each final is kept flat ({@link Kept}: one object instead of the transcript, its hypothesis and
 * its span) and rebuilt, equal to what was recorded, when a client resumes. An active echo session
 * fills the bound in 20 s, so a full outbox is what every busy session holds and what young
 * collections copy until it is promoted (measured in docs/performance.md, "Heap per active session").
 */
public final class TranscriptOutbox {

    /** What a resuming client gets: the finals after its {@code last_seq}, and how many are gone. */
    public record Replay(List<Transcript> finals, long expired) {

        public Replay {
            finals = List.copyOf(finals);
        }
    }

    /** A final as kept: its number, span, text, words and the two flags, without the objects around them. */
    private record Kept(long seq, long start, long end, String text, List<Word> words, boolean speechFinal,
                        boolean fromFinalize) {

        static Kept of(Transcript transcript) {
            Hypothesis hypothesis = transcript.hypothesis();
            return new Kept(transcript.seq(), hypothesis.span().start(), hypothesis.span().end(), hypothesis.text(),
                    hypothesis.words(), hypothesis.speechFinal(), hypothesis.fromFinalize());
        }

        Transcript transcript() {
            return new Transcript(seq, new Hypothesis(true, text, new SampleSpan(start, end), words, speechFinal,
                    fromFinalize));
        }
    }

    private final int capacity;
    private final ArrayDeque<Kept> finals = new ArrayDeque<>();
    private long droppedThroughSeq;
    private long droppedTotal;

    public TranscriptOutbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /**
     * An outbox rebuilt from a journal (H33): {@code finals} in seq order, and everything up to
     * {@code droppedThroughSeq} gone, so a resume from before it learns how many it missed.
     */
    public static TranscriptOutbox restored(int capacity, List<Transcript> finals, long droppedThroughSeq) {
        TranscriptOutbox outbox = new TranscriptOutbox(capacity);
        finals.forEach(outbox::record);
        outbox.droppedThroughSeq = Math.max(outbox.droppedThroughSeq, droppedThroughSeq);
        return outbox;
    }

    /** Keeps a final; drops the oldest when full. */
    public void record(Transcript transcript) {
        if (!transcript.isFinal()) {
            throw new IllegalArgumentException("only finals are kept for resume");
        }
        if (finals.size() == capacity) {
            droppedThroughSeq = finals.removeFirst().seq();
            droppedTotal++;
        }
        finals.addLast(Kept.of(transcript));
    }

    /** Releases finals up to {@code lastSeq} and returns the rest, oldest first. */
    public Replay acknowledgeAndReplay(long lastSeq) {
        while (!finals.isEmpty() && finals.peekFirst().seq() <= lastSeq) {
            finals.removeFirst();
        }
        long expired = Math.max(0, droppedThroughSeq - Math.max(lastSeq, 0));
        List<Transcript> replay = new ArrayList<>(finals.size());
        for (Kept kept : finals) {
            replay.add(kept.transcript());
        }
        return new Replay(replay, expired);
    }

    public int size() {
        return finals.size();
    }

    /** Finals dropped at the bound since the session started. */
    public long droppedTotal() {
        return droppedTotal;
    }
}
