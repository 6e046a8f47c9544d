package dev.hark.infrastructure.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the server said, one record per v1 message type. Times are seconds from the start of the
 * stream, as on the wire.
 */
public sealed interface StreamEvent {

    /** The server's first message; until it arrives no audio is sent. */
    record SessionStarted(String sessionId, String resumeToken, long generation) implements StreamEvent {
        public SessionStarted {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(resumeToken, "resumeToken");
        }
    }

    /** An interim ({@code isFinal == false}) or final hypothesis for one stretch of audio. */
    record Transcript(long seq, boolean isFinal, String text, double start, double end, List<WordTiming> words)
            implements StreamEvent {
        public Transcript {
            Objects.requireNonNull(text, "text");
            words = List.copyOf(words);
        }
    }

    /** A word of a transcript with its timing. */
    record WordTiming(String word, double start, double end, double confidence) {
        public WordTiming {
            Objects.requireNonNull(word, "word");
        }
    }

    /**
     * The server refused or gave up. {@code retryAfter} is {@link Duration#ZERO} when the server
     * gave no hint.
     */
    record ServerError(String code, String message, Duration retryAfter) implements StreamEvent {
        public ServerError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** Sent after the last final; the WebSocket close that follows ends the stream. */
    record SessionClosed(String reason) implements StreamEvent {
        public SessionClosed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
