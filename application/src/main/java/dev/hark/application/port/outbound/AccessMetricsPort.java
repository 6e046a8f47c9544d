package dev.hark.application.port.outbound;

import dev.hark.application.port.inbound.AuthFailure;
import dev.hark.application.port.inbound.CredentialKind;

/** Counts authentication outcomes ({@code hark_auth_*} metrics). */
public interface AccessMetricsPort {

    void authenticated(CredentialKind kind);

    void authFailed(AuthFailure reason);

    /** A token was minted ({@code hark_auth_tokens_granted_total}). */
    void tokenGranted();

    /** Does nothing; for tests and tools that do not count. */
    AccessMetricsPort NONE = new AccessMetricsPort() {
        @Override
        public void authenticated(CredentialKind kind) {
        }

        @Override
        public void authFailed(AuthFailure reason) {
        }

        @Override
        public void tokenGranted() {
        }
    };
}
