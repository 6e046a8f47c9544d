package dev.hark.application.port.inbound;

/** What a caller authenticated with. */
public enum CredentialKind {
    /** Nothing was required. */
    NONE,
    /** A configured API key. */
    API_KEY,
    /** A short-lived token minted from an API key by {@code POST /v1/auth/grant}. */
    ACCESS_TOKEN
}
