package dev.hark.application.port.inbound;

import java.util.concurrent.CompletionStage;

/**
 * Graceful drain before the process stops (H29): stop admitting, tell attached clients the
 * deadline, let them finish, finalize whoever is left at the deadline (every final for the audio
 * received delivered, then {@code session.closed}), and complete once no session is left.
 * Idempotent: a second call returns the first drain.
 */
public interface DrainUseCase {

    CompletionStage<DrainReport> drain();

    /**
     * What a drain did.
     *
     * @param sessionsAtStart sessions live when it began
     * @param finishedByClients sessions that ended before the deadline
     * @param finalizedAtDeadline sessions finalized at the deadline that ended in order
     * @param forced sessions still alive after the finalize bound, ended with {@code SERVER_SHUTTING_DOWN}
     */
    record DrainReport(int sessionsAtStart, int finishedByClients, int finalizedAtDeadline, int forced) {
    }
}
