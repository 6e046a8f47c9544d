package dev.hark.application.service;

import dev.hark.application.port.outbound.store.JournalFence;
import java.util.Objects;

/** Where a live session comes from: opened here, or adopted from another gateway's journal (H33). */
sealed interface SessionOrigin {

    /** Opened by a client of this process; {@code keyName} opened it. */
    record Opened(String keyName) implements SessionOrigin {
        public Opened {
            Objects.requireNonNull(keyName, "keyName");
        }
    }

    /**
     * Rebuilt from the journal, held under {@code fence}; the recognizer side goes on from
     * {@code watermark}, the end of the last journaled final (the client resends what follows).
     */
    record Adopted(JournalFence fence, long watermark) implements SessionOrigin {
        public Adopted {
            Objects.requireNonNull(fence, "fence");
        }
    }
}
