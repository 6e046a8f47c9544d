package dev.hark.application.port.inbound;

import dev.hark.domain.session.SessionId;
import java.util.Objects;

/**
 * A client's request to attach again to a detached (or, under takeover, attached) session.
 *
 * @param presentedToken the token as the client sent it; compared in constant time, never logged
 * @param lastSeq        the seq of the last final the client received
 * @param caller         who asks; only the key that opened the session may resume it
 */
public record ResumeStreamCommand(SessionId sessionId, String presentedToken, long lastSeq, String clientAddress,
                                  Caller caller) {

    public ResumeStreamCommand {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(caller, "caller");
    }

    /** Where no credential is required. */
    public ResumeStreamCommand(SessionId sessionId, String presentedToken, long lastSeq, String clientAddress) {
        this(sessionId, presentedToken, lastSeq, clientAddress, Caller.ANONYMOUS);
    }

    @Override
    public String toString() {
        return "ResumeStreamCommand[" + sessionId + ", lastSeq=" + lastSeq + ", from " + clientAddress + " as "
                + caller.name() + "]";
    }
}
