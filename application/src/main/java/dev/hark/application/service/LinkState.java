package dev.hark.application.service;

import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import java.util.Objects;

/**
 * Where a session's connection to its recognizer stands; one value replaces the loose flags
 * that described it. Lane-confined like the {@link LiveSession} that holds it, which publishes
 * it through a volatile field for stats only.
 *
 * <pre>
 * Opening ──ready──▶ Open ──retryable failure──▶ BackingOff ──timer──▶ Opening
 *                     │ └──client detached──▶ Released ──resume──▶ Opening
 *                     └──close_stream answered while detached──▶ Finished ──resume──▶ (session.closed)
 * BackingOff ──timer while detached──▶ Released          any ──session ends──▶ Ended
 * </pre>
 */
sealed interface LinkState {

    /** A connect attempt is in flight: the first, a reconnect after a failure, or a reopen after a release. */
    record Opening() implements LinkState {
    }

    /** A live stream takes the session's audio. */
    record Open(ProviderHandle handle) implements LinkState {

        public Open {
            Objects.requireNonNull(handle, "handle");
        }
    }

    /** The stream of {@code failedEpoch} failed; {@code timer} opens the next one after a backoff. */
    record BackingOff(long failedEpoch, ScheduledTask timer) implements LinkState {
    }

    /**
     * No stream while the client is away (H27): finals delivered are in the outbox, and the audio
     * no final covers is in the ledger after the acknowledged watermark; a resume opens one
     * stream and replays it.
     */
    record Released() implements LinkState {
    }

    /** The stream answered {@code close_stream} while the client was away; a resume gets the finals, then the close. */
    record Finished() implements LinkState {
    }

    /** The session ended; nothing opens again. */
    record Ended() implements LinkState {
    }

    /** The stream whose events are current: the open one. */
    static ProviderHandle current(LinkState state) {
        return switch (state) {
            case Open open -> open.handle();
            case Opening opening -> null;
            case BackingOff backingOff -> null;
            case Released released -> null;
            case Finished finished -> null;
            case Ended ended -> null;
        };
    }

    /** Whether a recognizer stream is held or being opened (for the stats gauge). */
    static boolean holdsStream(LinkState state) {
        return switch (state) {
            case Opening opening -> true;
            case Open open -> true;
            case BackingOff backingOff -> false;
            case Released released -> false;
            case Finished finished -> false;
            case Ended ended -> false;
        };
    }
}
