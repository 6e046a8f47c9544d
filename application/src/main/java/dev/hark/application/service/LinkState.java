package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Where a session's connection to its recognizer stands: one value instead of the loose flags
 * that described it, and each state holds what belongs to it (the in-flight connect and its
 * timer, the open stream, the backoff timer), so nothing of a state outlives it. Held only by
 * {@link RecognizerLink}, on the session's lane.
 *
 * <pre>
 * Connecting ──opened──▶ Open ──close_stream──▶ Closing ──answered──▶ Finished ──(session ends)
 *    │ fail/timeout        │ └──client away (H27)──▶ Released ──resume──▶ Connecting
 *    ▼                     ▼ retryable failure, watchdog
 * BackingOff ◀─────────────┘ ──timer──▶ Connecting (or Released while the client is away)
 * any ──session ends──▶ Done
 * </pre>
 */
sealed interface LinkState {

    /**
     * A connect attempt of {@code epoch} is in flight (H6): {@code ready} is the one outcome every
     * caller joins, {@code timeout} bounds the whole wait including the one retry of a stream that
     * was dead on arrival (H8, H9; {@code attempt} is 1 or 2).
     */
    record Connecting(long epoch, int attempt, CompletableFuture<RecognizerStream> ready, ScheduledTask timeout)
            implements LinkState {
        public Connecting {
            Objects.requireNonNull(ready, "ready");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** A live stream of {@code epoch} takes the session's audio; it opened at ticker reading {@code openedAtNanos}. */
    record Open(long epoch, RecognizerStream stream, long openedAtNanos) implements LinkState {
        public Open {
            Objects.requireNonNull(stream, "stream");
        }
    }

    /** The stream was asked to close gracefully and owes its last finals and its close; it is still current. */
    record Closing(long epoch, RecognizerStream stream, long openedAtNanos) implements LinkState {
        public Closing {
            Objects.requireNonNull(stream, "stream");
        }
    }

    /** The stream of {@code failedEpoch} failed; {@code timer} ends the backoff (H23). */
    record BackingOff(long failedEpoch, ScheduledTask timer) implements LinkState {
        public BackingOff {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /**
     * No stream while the client is away (H27): finals delivered are in the outbox, and the audio
     * no final covers is in the ledger after the acknowledged watermark; a resume opens one
     * stream and replays it.
     */
    record Released() implements LinkState {
    }

    /** The stream answered the close; what is left is telling a client (now, or on its resume). */
    record Finished() implements LinkState {
    }

    /** The session ended; nothing opens again, and a stream that opens late is aborted. */
    record Done() implements LinkState {
    }

    /** Whether a stream is held or being opened in this state (for the stats gauge). */
    default boolean holdsStream() {
        return switch (this) {
            case Connecting connecting -> true;
            case Open open -> true;
            case Closing closing -> true;
            case BackingOff backingOff -> false;
            case Released released -> false;
            case Finished finished -> false;
            case Done done -> false;
        };
    }
}
