package dev.hark.infrastructure.inbound.websocket;

import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.domain.error.ErrorCode;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.CloseException;

/**
 * Why a client's socket failed, for {@code ClientStreamUseCase.clientGone}, on every WebSocket endpoint
 * ({@code /v1/stream}, {@code /v1/listen}). Jetty reports the protocol violations it closes a
 * socket for as {@link CloseException}s (1009 too big, 1002 bad framing, 1007 bad payload, 1008
 * policy): the session ends at once (H27). A timeout or a broken connection is a plain drop.
 */
public final class Departures {

    private Departures() {
    }

    public static ClientDeparture of(Throwable cause) {
        if (cause instanceof CloseException violation) {
            ErrorCode code = violation.getStatusCode() == StatusCode.MESSAGE_TOO_LARGE
                    ? ErrorCode.FRAME_TOO_LARGE : ErrorCode.MALFORMED_MESSAGE;
            return new ClientDeparture.Violated(code, "close " + violation.getStatusCode() + ": " + cause.getMessage());
        }
        return ClientDeparture.DROPPED;
    }
}
