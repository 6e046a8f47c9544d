package dev.hark.infrastructure.inbound.deepgram;

import java.util.Optional;

/**
 * Decides whether a {@code /v1/listen} credential may open a session. Hark has no
 * authentication yet (issue 12 brings keys and tokens): {@link #ACCEPT_WELL_FORMED} lets every
 * well-formed credential in, and connections without one, as {@code /v1/stream} does; a real
 * check plugs in here.
 */
@FunctionalInterface
interface ListenAuthenticator {

    /** The reason to refuse (answered 401 {@code INVALID_AUTH}), or empty to accept. */
    Optional<String> refusalFor(ListenCredentials.Presented presented);

    ListenAuthenticator ACCEPT_WELL_FORMED = presented -> switch (presented) {
        case ListenCredentials.Presented.Malformed malformed -> Optional.of(malformed.reason());
        case ListenCredentials.Presented.None none -> Optional.empty();
        case ListenCredentials.Presented.Credential credential -> Optional.empty();
    };
}
