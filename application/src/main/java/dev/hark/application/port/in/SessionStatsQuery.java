package dev.hark.application.port.in;

/** Read-only counts for health checks and metrics; typed, so nobody casts to a concrete service. */
public interface SessionStatsQuery {

    /** Sessions not yet closed. */
    int activeSessions();
}
