package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.application.port.inbound.AudioFormatQuery;
import dev.hark.domain.error.ClientError;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides one {@code /v1/listen} upgrade before anything is created (deepgram-protocol.md §1,
 * §7): credentials first (401), then the query (400), then whether the recognizer can take the
 * declared format (400). Refusals carry Deepgram's error codes; the texts are Hark's.
 */
final class ListenHandshake {

    private final ListenAuthenticator authenticator;
    private final AudioFormatQuery formats;

    ListenHandshake(ListenAuthenticator authenticator, AudioFormatQuery formats) {
        this.authenticator = authenticator;
        this.formats = formats;
    }

    /** The answer to one upgrade request. */
    sealed interface Decision {

        /** Upgrade, echoing {@code subprotocol} ("" for none). */
        record Accept(ListenOptions options, String subprotocol) implements Decision {
            public Accept {
                Objects.requireNonNull(options, "options");
                Objects.requireNonNull(subprotocol, "subprotocol");
            }
        }

        /** Refuse with {@code status}, a {@code dg-error} header and {@code {err_code, err_msg, request_id}}. */
        record Reject(int status, String errCode, String errMsg) implements Decision {
        }
    }

    Decision decide(List<String> authorizationHeaders, List<String> subprotocols, Map<String, List<String>> query) {
        ListenCredentials.Presented presented = ListenCredentials.find(authorizationHeaders, subprotocols);
        Optional<String> authRefusal = authenticator.refusalFor(presented);
        if (authRefusal.isPresent()) {
            return new Decision.Reject(401, "INVALID_AUTH", "Invalid credentials: " + authRefusal.get());
        }
        return switch (ListenQuery.parse(query)) {
            case ListenQuery.Parsed.Invalid invalid -> badQuery(invalid.message());
            case ListenQuery.Parsed.Valid valid -> accept(valid.options(), presented);
        };
    }

    private Decision accept(ListenOptions options, ListenCredentials.Presented presented) {
        if (options.audio() instanceof ListenOptions.AudioDeclaration.Raw raw) {
            Optional<ClientError> refusal = formats.refusalFor(raw.format());
            if (refusal.isPresent()) {
                return badQuery(refusal.get().message());
            }
        }
        String subprotocol = presented instanceof ListenCredentials.Presented.Credential credential
                ? credential.subprotocol() : "";
        return new Decision.Accept(options, subprotocol);
    }

    private static Decision badQuery(String detail) {
        return new Decision.Reject(400, "INVALID_QUERY_PARAMETER", "Failed to deserialize query parameters: " + detail);
    }
}
