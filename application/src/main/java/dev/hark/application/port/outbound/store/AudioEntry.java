package dev.hark.application.port.outbound.store;

import dev.hark.domain.audio.PcmChunk;
import java.util.Objects;

/** One entry of a session's audio ledger, as a worker reads it, in the order the gateway wrote it. */
public sealed interface AudioEntry {

    /** Audio stamped with its sample offset on the session's clock. */
    record ChunkEntry(PcmChunk chunk) implements AudioEntry {
        public ChunkEntry {
            Objects.requireNonNull(chunk, "chunk");
        }
    }

    /** A client's control message, at the point of the audio where it was given. */
    record MarkEntry(AudioMark mark, long atSample) implements AudioEntry {
        public MarkEntry {
            Objects.requireNonNull(mark, "mark");
        }
    }
}
