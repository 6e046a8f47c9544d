package dev.hark.infrastructure.inbound.deepgram;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The credential a Deepgram client presents (deepgram-protocol.md §1.3): {@code Authorization:
 * Token <key>} or {@code Bearer <jwt>}, the scheme in any case, or for browsers, which cannot
 * set headers, the subprotocol pairs {@code token, <key>} and {@code bearer, <jwt>}. This class
 * only finds it; whether it is any good is an {@link ListenAuthenticator}'s call.
 */
final class ListenCredentials {

    /** What the client presented. */
    sealed interface Presented {

        /** No credential at all. */
        record None() implements Presented {
        }

        /**
         * A credential. {@code subprotocol} is the scheme as offered in {@code Sec-WebSocket-Protocol}
         * (to be echoed), or empty when it came in the {@code Authorization} header. The secret is
         * kept out of {@code toString()}.
         */
        record Credential(Scheme scheme, String secret, String subprotocol) implements Presented {

            public Credential {
                Objects.requireNonNull(scheme, "scheme");
                Objects.requireNonNull(secret, "secret");
                Objects.requireNonNull(subprotocol, "subprotocol");
            }

            @Override
            public String toString() {
                return "Credential[" + scheme + ", ***" + (subprotocol.isEmpty() ? "" : ", subprotocol") + "]";
            }
        }

        /** An {@code Authorization} header that is neither {@code Token <key>} nor {@code Bearer <jwt>}. */
        record Malformed(String reason) implements Presented {
        }
    }

    /** An API key ({@code Token}) or a short-lived token ({@code Bearer}). */
    enum Scheme { TOKEN, BEARER }

    private ListenCredentials() {
    }

    static Presented find(List<String> authorizationHeaders, List<String> subprotocols) {
        for (String header : authorizationHeaders) {
            String trimmed = header.strip();
            int space = trimmed.indexOf(' ');
            Scheme scheme = space > 0 ? scheme(trimmed.substring(0, space)) : null;
            String secret = space > 0 ? trimmed.substring(space + 1).strip() : "";
            if (scheme == null || secret.isEmpty()) {
                return new Presented.Malformed("Authorization must be 'Token <key>' or 'Bearer <token>'");
            }
            return new Presented.Credential(scheme, secret, "");
        }
        for (int i = 0; i + 1 < subprotocols.size(); i++) {
            Scheme scheme = scheme(subprotocols.get(i));
            if (scheme != null && !subprotocols.get(i + 1).isBlank()) {
                return new Presented.Credential(scheme, subprotocols.get(i + 1).strip(), subprotocols.get(i));
            }
        }
        return new Presented.None();
    }

    private static Scheme scheme(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "token" -> Scheme.TOKEN;
            case "bearer" -> Scheme.BEARER;
            default -> null;
        };
    }
}
