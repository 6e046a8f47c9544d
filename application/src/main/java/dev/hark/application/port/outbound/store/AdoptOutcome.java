package dev.hark.application.port.outbound.store;

import dev.hark.domain.session.Generation;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Transcript;
import java.util.List;
import java.util.Objects;

/** Result of {@link ClientJournalPort#adopt}. */
public sealed interface AdoptOutcome permits AdoptOutcome.Adopted, AdoptOutcome.Denied, AdoptOutcome.OtherKey,
        NotFound, Unavailable {

    /**
     * The caller holds the session now, under {@code fence}; the previous holder is fenced and
     * its store session retired. What the journal kept: the client's last generation, the last
     * journaled final's seq and the audio it covers ({@code watermark}, on the client's clock),
     * and the finals still kept for a resume, oldest first.
     */
    record Adopted(JournalFence fence, StreamOptions options, Generation generation, long lastSeq, long watermark,
                   List<Transcript> finals) implements AdoptOutcome {
        public Adopted {
            Objects.requireNonNull(fence, "fence");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(generation, "generation");
            finals = List.copyOf(finals);
        }
    }

    /** The presented token is neither the session's current nor its pending one. */
    record Denied() implements AdoptOutcome {
    }

    /** The session was opened with another API key. */
    record OtherKey() implements AdoptOutcome {
    }
}
