package dev.hark.application.port.inbound;

/**
 * Read-only counts for health checks and metrics; typed, so nobody casts to a concrete
 * service. Each is computed from the live sessions when read, so it cannot drift from them.
 */
public interface SessionStatsQuery {

    /** Sessions not yet ended (attached or detached). */
    int activeSessions();

    /** Sessions with a client attached right now. */
    int activeAttachments();

    /** Recognizer streams open or being opened. */
    int activeProviderStreams();
}
