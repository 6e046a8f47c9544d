package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.application.port.inbound.StreamHandle;
import java.util.Optional;

/** Where a {@code /v1/listen} connection is; {@link ListenEndpoint} changes it under its lock. */
sealed interface ListenPhase {

    /** No encoding was declared: waiting for the container header. No session yet. */
    record AwaitingHeader(HeaderWait header) implements ListenPhase {
    }

    /** A session takes the audio. */
    record Streaming(SessionAudio audio) implements ListenPhase {
    }

    /** CloseStream came: no more audio; the session sends its last finals, Metadata and the close. */
    record Closing(StreamHandle handle) implements ListenPhase {
    }

    /** The socket is gone or going. */
    record Ended() implements ListenPhase {
    }

    /** The session this connection feeds, while it has one. */
    default Optional<StreamHandle> session() {
        return switch (this) {
            case Streaming streaming -> Optional.of(streaming.audio().handle());
            case Closing closing -> Optional.of(closing.handle());
            case AwaitingHeader awaiting -> Optional.empty();
            case Ended ended -> Optional.empty();
        };
    }

    default boolean ended() {
        return this instanceof Ended;
    }
}
