package dev.hark.application.port.outbound;

import dev.hark.domain.error.ErrorCode;

/**
 * The one way Hark talks to a client socket (hazard H20). Implementations must never throw
 * into callers: a send to a closed or closing socket is dropped and counted, not raised.
 * Calls return at once; delivery is asynchronous but in call order.
 */
public interface ClientChannelPort {

    /** Sends a message if the socket is still open. */
    void send(ServerMessage message);

    /** Closes the socket normally (WebSocket 1000). Idempotent. */
    void closeNormally();

    /** Closes the socket with the close code that fits {@code reason}. Idempotent. */
    void closeFor(ErrorCode reason);
}
