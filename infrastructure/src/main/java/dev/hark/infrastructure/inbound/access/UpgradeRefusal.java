package dev.hark.infrastructure.inbound.access;

import java.io.IOException;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;

/**
 * Answers a refused upgrade so every kind of client can tell why: the HTTP status (401 for a
 * credential problem, 403 for an origin), a {@code hark-error: CODE: message} header (browsers
 * cannot read the body of a failed upgrade, but developer tools and non-browser clients show
 * headers; Deepgram's {@code dg-error} plays the same part), and {@code WWW-Authenticate} on a
 * 401 as HTTP asks. The message never contains the credential.
 */
public final class UpgradeRefusal {

    public static final String ERROR_HEADER = "hark-error";

    private UpgradeRefusal() {
    }

    public static void send(JettyServerUpgradeResponse response, UpgradeGate.Decision.Refuse refusal)
            throws IOException {
        response.setHeader(ERROR_HEADER, refusal.reason().name() + ": " + refusal.message());
        if (refusal.httpStatus() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"hark\"");
        }
        response.sendError(refusal.httpStatus(), refusal.reason().name() + ": " + refusal.message());
    }
}
