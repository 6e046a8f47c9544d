package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NodeRole;
import dev.hark.domain.session.SessionId;

/**
 * Key names, in one place. A session's keys share the hash tag {@code {sid}} so they live in one
 * slot; the liveness keys are also read by name inside {@code hark_1.lua}, which must agree.
 */
final class StoreKeys {

    static final String ASSIGNMENTS = "hark:assign";
    static final String WORKER_GROUP = "workers";

    private StoreKeys() {
    }

    static String session(SessionId id) {
        return "hark:s:{" + id.value() + "}";
    }

    static String audio(SessionId id) {
        return session(id) + ":audio";
    }

    static String transcripts(SessionId id) {
        return session(id) + ":tx";
    }

    /** The three keys of a session, in the order the functions take them. */
    static String[] all(SessionId id) {
        return new String[] {session(id), audio(id), transcripts(id)};
    }

    /** The client journal of a gateway's session (H33): its hash and its finals, hash tag {@code {csid}}. */
    static String[] journal(SessionId clientSession) {
        String hash = "hark:c:{" + clientSession.value() + "}";
        return new String[] {hash, hash + ":tx"};
    }

    static String alive(NodeRole role, NodeId id) {
        String kind = switch (role) {
            case GATEWAY -> "g";
            case WORKER -> "w";
        };
        return "hark:" + kind + ":" + id.value() + ":alive";
    }
}
