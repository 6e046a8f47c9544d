package dev.hark.infrastructure.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the server said, one record per v1 message type. Times are seconds from the start of the
 * stream, as on the wire.
 */
public sealed interface StreamEvent {

    /**
     * The server's first message on a socket: the session is attached to this client. The
     * {@code resumeToken} is a secret, so {@code toString} leaves it out.
     */
    sealed interface Attached extends StreamEvent {
        String sessionId();

        String resumeToken();

        long generation();
    }

    /** The server's first message on a new session; until it arrives no audio is sent. */
    record SessionStarted(String sessionId, String resumeToken, long generation) implements Attached {
        public SessionStarted {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(resumeToken, "resumeToken");
        }

        @Override
        public String toString() {
            return "SessionStarted[sessionId=" + sessionId + ", generation=" + generation + "]";
        }
    }

    /**
     * The server's first message on a socket that resumed a dropped session. The server has
     * {@code audioEnd} seconds of the session's audio; the client resends from there.
     *
     * @param audioEndSamples the same point in samples per channel, exact; {@link #UNKNOWN_SAMPLES}
     *                        when the server sent only seconds
     */
    record SessionResumed(String sessionId, String resumeToken, long generation, double audioEnd,
                          long audioEndSamples) implements Attached {

        public static final long UNKNOWN_SAMPLES = -1;

        public SessionResumed {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(resumeToken, "resumeToken");
            if (audioEnd < 0 || audioEndSamples < UNKNOWN_SAMPLES) {
                throw new IllegalArgumentException("negative audio end: " + audioEnd + " s, " + audioEndSamples);
            }
        }

        /** Where the server's audio ends, in samples per channel: exact when known, else rounded from seconds. */
        public long samplesAt(int sampleRate) {
            return audioEndSamples == UNKNOWN_SAMPLES ? Math.round(audioEnd * sampleRate) : audioEndSamples;
        }

        @Override
        public String toString() {
            return "SessionResumed[sessionId=" + sessionId + ", generation=" + generation + ", audioEnd=" + audioEnd
                    + ", audioEndSamples=" + audioEndSamples + "]";
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
     * The server refused or gave up, or warned that something was dropped while the stream goes on
     * (see {@link #endsStream()}). {@code retryAfter} is
     * {@link Duration#ZERO} when the server gave no hint.
     */
    record ServerError(String code, String message, Duration retryAfter) implements StreamEvent {
        public ServerError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** Codes the protocol lists as not ending the stream; any other code, known or not, ends it. */
        private static final Set<String> STREAM_GOES_ON = Set.of("MALFORMED_MESSAGE", "UNKNOWN_MESSAGE_TYPE",
                "INVALID_AUDIO_FRAME", "FRAME_TOO_LARGE", "AUDIO_BUFFER_FULL", "STREAM_CLOSING", "FINALS_EXPIRED");

        /** Whether the server closes the socket after this error. */
        public boolean endsStream() {
            return !STREAM_GOES_ON.contains(code);
        }
    }

    /**
     * The server is draining before it stops: it finalizes this session {@code remaining} from now
     * (every final for the audio it received, then {@code session.closed} with reason
     * {@code server_draining}) unless the client finishes first.
     */
    record ServerDraining(Duration remaining) implements StreamEvent {
        public ServerDraining {
            Objects.requireNonNull(remaining, "remaining");
        }
    }

    /** Sent after the last final; the WebSocket close that follows ends the stream. */
    record SessionClosed(String reason) implements StreamEvent {
        public SessionClosed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
