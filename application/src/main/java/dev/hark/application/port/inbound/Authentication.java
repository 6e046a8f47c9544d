package dev.hark.application.port.inbound;

import java.util.Objects;

/** The outcome of checking an {@link AccessRequest}: a {@link Caller}, or why not. */
public sealed interface Authentication {

    /** @param kind what the caller presented, so an endpoint can demand an API key (token grants) */
    record Authenticated(Caller caller, CredentialKind kind) implements Authentication {
        public Authenticated {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** @param message for the client: says what is wrong, never echoes the credential */
    record Refused(AuthFailure reason, String message) implements Authentication {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
