package dev.hark.infrastructure.inbound.access;

import dev.hark.application.port.inbound.PresentedCredential;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credential in a request, in order: {@code Authorization: Bearer|Token <secret>}
 * (scheme in any case, as Deepgram's clients send either), the subprotocol pair
 * {@code bearer, <secret>} or {@code token, <secret>} (the only header a browser's WebSocket can
 * set), then {@code ?access_token=<secret>}. The subprotocol scheme is answered back as the
 * client wrote it, because a browser fails a handshake that ignores every subprotocol it offered.
 *
 * @param credential  the secret found, if any
 * @param malformed   an {@code Authorization} header was there but not in a form Hark accepts
 * @param subprotocol the subprotocol to select in the answer, if the client offered {@code bearer}/{@code token}
 */
public record HandshakeCredentials(Optional<PresentedCredential> credential, boolean malformed,
                                   Optional<String> subprotocol) {

    static final String ACCESS_TOKEN_PARAMETER = "access_token";
    private static final List<String> SCHEMES = List.of("bearer", "token");

    public static HandshakeCredentials find(List<String> authorizationHeaders, List<String> subprotocolHeaders,
                                            Map<String, List<String>> query) {
        List<String> offered = splitSubprotocols(subprotocolHeaders);
        Optional<String> echo = offered.stream().filter(p -> SCHEMES.contains(p.toLowerCase(Locale.ROOT))).findFirst();
        for (String header : authorizationHeaders) {
            String trimmed = header.strip();
            int space = trimmed.indexOf(' ');
            String secret = space < 0 ? "" : trimmed.substring(space + 1).strip();
            if (space < 0 || !SCHEMES.contains(trimmed.substring(0, space).toLowerCase(Locale.ROOT))
                    || secret.isEmpty()) {
                return new HandshakeCredentials(Optional.empty(), true, echo);
            }
            return found(secret, PresentedCredential.Source.AUTHORIZATION_HEADER, echo);
        }
        for (int i = 0; i + 1 < offered.size(); i++) {
            if (SCHEMES.contains(offered.get(i).toLowerCase(Locale.ROOT))) {
                return found(offered.get(i + 1), PresentedCredential.Source.SUBPROTOCOL, echo);
            }
        }
        List<String> tokens = query.getOrDefault(ACCESS_TOKEN_PARAMETER, List.of());
        if (!tokens.isEmpty()) {
            String secret = tokens.get(tokens.size() - 1).strip();
            return secret.isEmpty() ? new HandshakeCredentials(Optional.empty(), true, echo)
                    : found(secret, PresentedCredential.Source.QUERY, echo);
        }
        return new HandshakeCredentials(Optional.empty(), false, echo);
    }

    private static HandshakeCredentials found(String secret, PresentedCredential.Source where, Optional<String> echo) {
        return new HandshakeCredentials(Optional.of(new PresentedCredential(secret, where)), false, echo);
    }

    /** {@code Sec-WebSocket-Protocol} values split on commas, across repeated headers. */
    static List<String> splitSubprotocols(List<String> headers) {
        List<String> offered = new ArrayList<>();
        for (String header : headers) {
            for (String item : header.split(",")) {
                if (!item.isBlank()) {
                    offered.add(item.strip());
                }
            }
        }
        return offered;
    }

    @Override
    public String toString() {
        return "HandshakeCredentials[" + credential.map(Object::toString).orElse("none") + ", malformed=" + malformed
                + ", subprotocol=" + subprotocol.orElse("none") + "]";
    }
}
