package dev.hark.application.service;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.domain.error.ClientError;
import java.util.Optional;

/**
 * The drain as the sessions see it (H29), driven by {@link DrainCoordinator}: once it begins, new
 * sessions are refused and every attached client, including one admitted or resumed while it
 * begins, hears how long it has; once it finalizes, every session is finished.
 *
 * <p>Set once, read from socket threads: the fields are volatile and only ever go from unset to set.
 */
final class SessionDrain {

    /** When the drain finalizes what is left, as a ticker reading. */
    private record Deadline(long nanos) {
    }

    private final SessionRegistry sessions;
    private volatile Deadline deadline;
    private volatile ClientError refusal;
    private volatile boolean finalizing;

    SessionDrain(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /** Why a new session is refused, once the drain has begun. */
    Optional<ClientError> refusal() {
        return Optional.ofNullable(refusal);
    }

    /**
     * From now on new sessions are refused; attached clients hear how long they have until
     * {@code deadlineNanos} (a {@link TickerPort} reading). Resumes still work.
     */
    void begin(long deadlineNanos, ClientError newSessionRefusal) {
        Deadline set = new Deadline(deadlineNanos);
        deadline = set;
        refusal = newSessionRefusal;
        sessions.forEachOnLane(live -> live.notifyDraining(set.nanos()));
    }

    /** Finalizes every live session (see {@link LiveSession#finishForDrain()}). */
    void finalizeAll() {
        finalizing = true;
        sessions.forEachOnLane(LiveSession::finishForDrain);
    }

    /** A session admitted just as a drain began (it passed the check before the flag was set) joins it. */
    void catchUp(LiveSession live) {
        Deadline set = deadline;
        if (set != null) {
            live.lane().execute(() -> live.notifyDraining(set.nanos()));
        }
        if (finalizing) {
            live.lane().execute(live::finishForDrain);
        }
    }

    /** On the lane: a client that resumes during a drain is told the deadline too (same lane step as its attach). */
    OpenOutcome resumed(LiveSession live, OpenOutcome outcome) {
        Deadline set = deadline;
        if (set != null && outcome instanceof OpenOutcome.Opening) {
            live.notifyDraining(set.nanos());
        }
        return outcome;
    }
}
