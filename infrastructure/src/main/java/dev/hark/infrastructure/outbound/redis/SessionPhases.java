package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.SessionPhase;

/** The session hash's {@code state} field. */
final class SessionPhases {

    private SessionPhases() {
    }

    static SessionPhase read(String state) {
        return switch (state) {
            case "open" -> SessionPhase.OPEN;
            case "closing" -> SessionPhase.CLOSING;
            case "ended" -> SessionPhase.ENDED;
            default -> throw new IllegalStateException("unknown session state " + state);
        };
    }
}
