package dev.hark.emulator.deepgram;

import java.util.List;
import java.util.Locale;

/**
 * Deepgram's four ways to authenticate (deepgram-protocol.md §1.3): {@code Authorization:
 * Token <key>} or {@code Bearer <jwt>} with the scheme in any case, or the subprotocol pairs
 * {@code token, <key>} and {@code bearer, <jwt>} for browsers. The emulator cannot verify a
 * JWT, so any non-empty bearer token passes.
 */
final class Credentials {

    private static final String TOKEN = "token";
    private static final String BEARER = "bearer";

    private Credentials() {
    }

    static boolean accepted(String apiKey, List<String> authorizationHeaders, List<String> subprotocols) {
        if (apiKey.isEmpty()) {
            return true;
        }
        for (String header : authorizationHeaders) {
            String trimmed = header.strip();
            int space = trimmed.indexOf(' ');
            if (space > 0 && valid(apiKey, trimmed.substring(0, space), trimmed.substring(space + 1).strip())) {
                return true;
            }
        }
        for (int i = 0; i + 1 < subprotocols.size(); i++) {
            if (valid(apiKey, subprotocols.get(i), subprotocols.get(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The subprotocol to echo: {@code token} or {@code bearer} as the client wrote it, or ""
     * when it offered neither. Echoed even when no key is required, since WebSocket clients
     * fail a handshake that ignores the protocols they offered.
     */
    static String selectedSubprotocol(List<String> subprotocols) {
        for (String offered : subprotocols) {
            String scheme = offered.toLowerCase(Locale.ROOT);
            if (scheme.equals(TOKEN) || scheme.equals(BEARER)) {
                return offered;
            }
        }
        return "";
    }

    private static boolean valid(String apiKey, String scheme, String credential) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case TOKEN -> credential.equals(apiKey);
            case BEARER -> !credential.isEmpty();
            default -> false;
        };
    }
}
