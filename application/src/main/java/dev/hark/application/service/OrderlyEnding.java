package dev.hark.application.service;

/**
 * Why a session that ended in order ended: its {@code session.closed} reason and how its socket
 * closes. One value instead of a flag next to the close path, so the reason and the close code
 * cannot disagree.
 */
enum OrderlyEnding {
    /** The client sent {@code close_stream}: close 1000. */
    CLIENT_CLOSED("client_closed"),
    /** The server drained and finalized the session at its deadline (H29): close 1001. */
    SERVER_DRAINING("server_draining");

    private final String wireReason;

    OrderlyEnding(String wireReason) {
        this.wireReason = wireReason;
    }

    String wireReason() {
        return wireReason;
    }
}
