package dev.hark.application.port.outbound.store;

import dev.hark.domain.transcript.Transcript;
import java.util.Objects;

/** One entry of a session's outbox, as a gateway reads it. */
public sealed interface TranscriptEntry {

    /** Where the entry sits; follow again after it to continue. */
    TranscriptCursor cursor();

    /** A numbered final. Its seq equals {@code cursor().seq()}. */
    record FinalEntry(TranscriptCursor cursor, Transcript transcript) implements TranscriptEntry {
        public FinalEntry {
            Objects.requireNonNull(cursor, "cursor");
            Objects.requireNonNull(transcript, "transcript");
        }
    }

    /** An interim, numbered as the final it precedes. */
    record InterimEntry(TranscriptCursor cursor, Transcript transcript) implements TranscriptEntry {
        public InterimEntry {
            Objects.requireNonNull(cursor, "cursor");
            Objects.requireNonNull(transcript, "transcript");
        }
    }

    /** The worker finished the session: nothing follows. */
    record EndEntry(TranscriptCursor cursor, String reason) implements TranscriptEntry {
        public EndEntry {
            Objects.requireNonNull(cursor, "cursor");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
