package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.application.port.inbound.AudioFormatQuery;
import dev.hark.application.port.inbound.Caller;
import dev.hark.domain.error.ClientError;
import dev.hark.infrastructure.inbound.access.UpgradeGate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides one {@code /v1/listen} upgrade before anything is created (deepgram-protocol.md §1,
 * §7): credentials and origin first, through the same {@link UpgradeGate} as {@code /v1/stream}
 * (so {@code Authorization: Token|Bearer}, the {@code token|bearer, SECRET} subprotocol pair and
 * {@code ?access_token=} all work, with API keys or granted tokens, and a keyless server stays
 * open on loopback); then the query (400); then whether the recognizer can take the declared
 * format (400). Refusals carry Deepgram's error codes; the texts are Hark's.
 */
final class ListenHandshake {

    /** Deepgram's code for a credential it does not accept (HTTP 401). */
    static final String INVALID_AUTH = "INVALID_AUTH";
    /** Deepgram's code for a request it understood but will not serve for this caller (HTTP 403). */
    static final String INSUFFICIENT_PERMISSIONS = "INSUFFICIENT_PERMISSIONS";

    private final UpgradeGate gate;
    private final AudioFormatQuery formats;

    ListenHandshake(UpgradeGate gate, AudioFormatQuery formats) {
        this.gate = gate;
        this.formats = formats;
    }

    /** The answer to one upgrade request. */
    sealed interface Decision {

        /** Upgrade for {@code caller}, echoing {@code subprotocol} ("" for none). */
        record Accept(ListenOptions options, Caller caller, String subprotocol) implements Decision {
            public Accept {
                Objects.requireNonNull(options, "options");
                Objects.requireNonNull(caller, "caller");
                Objects.requireNonNull(subprotocol, "subprotocol");
            }
        }

        /** Refuse with {@code status}, a {@code dg-error} header and {@code {err_code, err_msg, request_id}}. */
        record Reject(int status, String errCode, String errMsg) implements Decision {
        }
    }

    Decision decide(List<String> authorizationHeaders, List<String> subprotocols, Map<String, List<String>> query,
                    Optional<String> origin, String ownOrigin) {
        return switch (gate.check(authorizationHeaders, subprotocols, query, origin, ownOrigin)) {
            case UpgradeGate.Decision.Refuse refuse -> new Decision.Reject(refuse.httpStatus(),
                    refuse.httpStatus() == 403 ? INSUFFICIENT_PERMISSIONS : INVALID_AUTH,
                    (refuse.httpStatus() == 403 ? "Forbidden: " : "Invalid credentials: ") + refuse.message()
                            + " (" + refuse.reason() + ")");
            case UpgradeGate.Decision.Admit admit -> switch (ListenQuery.parse(query)) {
                case ListenQuery.Parsed.Invalid invalid -> badQuery(invalid.message());
                case ListenQuery.Parsed.Valid valid -> accept(valid.options(), admit);
            };
        };
    }

    private Decision accept(ListenOptions options, UpgradeGate.Decision.Admit admit) {
        if (options.audio() instanceof ListenOptions.AudioDeclaration.Raw raw) {
            Optional<ClientError> refusal = formats.refusalFor(raw.format());
            if (refusal.isPresent()) {
                return badQuery(refusal.get().message());
            }
        }
        return new Decision.Accept(options, admit.caller(), admit.subprotocol().orElse(""));
    }

    private static Decision badQuery(String detail) {
        return new Decision.Reject(400, "INVALID_QUERY_PARAMETER", "Failed to deserialize query parameters: " + detail);
    }
}
