package dev.hark.infrastructure.inbound.access;

import dev.hark.application.port.inbound.AccessRequest;
import dev.hark.application.port.inbound.AuthFailure;
import dev.hark.application.port.inbound.AuthenticateUseCase;
import dev.hark.application.port.inbound.Authentication;
import dev.hark.application.port.inbound.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;

/**
 * Decides at the HTTP upgrade whether a WebSocket may open, for any endpoint on the application
 * port ({@code /v1/stream}, and a Deepgram-compatible {@code /v1/listen}): finds the credential
 * ({@link HandshakeCredentials}), checks the page's origin and the credential through
 * {@link AuthenticateUseCase}, and says which subprotocol to answer. It never logs a secret.
 */
public final class UpgradeGate {

    /** Admit as {@code caller}, selecting {@code subprotocol} if present; or refuse. */
    public sealed interface Decision {
        record Admit(Caller caller, Optional<String> subprotocol) implements Decision {
        }

        record Refuse(AuthFailure reason, String message) implements Decision {
            public int httpStatus() {
                return reason.httpStatus();
            }
        }
    }

    private final AuthenticateUseCase authenticator;

    public UpgradeGate(AuthenticateUseCase authenticator) {
        this.authenticator = authenticator;
    }

    /** For a Jetty (ee10) WebSocket upgrade. */
    public Decision check(JettyServerUpgradeRequest request) {
        HttpServletRequest http = request.getHttpServletRequest();
        return check(headers(http, "Authorization"), headers(http, "Sec-WebSocket-Protocol"),
                request.getParameterMap(), Optional.ofNullable(http.getHeader("Origin")), ownOrigin(http));
    }

    /** From the raw parts, for adapters on other HTTP stacks and for tests. */
    public Decision check(List<String> authorization, List<String> subprotocols, Map<String, List<String>> query,
                          Optional<String> origin, String ownOrigin) {
        HandshakeCredentials found = HandshakeCredentials.find(authorization, subprotocols, query);
        Authentication outcome = authenticator.authenticate(
                new AccessRequest(found.credential(), found.malformed(), origin, ownOrigin));
        return switch (outcome) {
            case Authentication.Authenticated ok -> new Decision.Admit(ok.caller(), found.subprotocol());
            case Authentication.Refused refused -> new Decision.Refuse(refused.reason(), refused.message());
        };
    }

    /** {@code http://host:port} as the client addressed this server. */
    public static String ownOrigin(HttpServletRequest http) {
        String host = http.getHeader("Host");
        return (http.isSecure() ? "https://" : "http://") + (host == null ? http.getServerName() : host);
    }

    static List<String> headers(HttpServletRequest http, String name) {
        return Collections.list(http.getHeaders(name));
    }
}
