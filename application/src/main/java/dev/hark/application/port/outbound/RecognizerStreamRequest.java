package dev.hark.application.port.outbound;

import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import java.util.Objects;

/** What a recognizer needs to open a stream; {@code sessionId} is for its logs only. */
public record RecognizerStreamRequest(SessionId sessionId, StreamOptions options) {

    public RecognizerStreamRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(options, "options");
    }
}
