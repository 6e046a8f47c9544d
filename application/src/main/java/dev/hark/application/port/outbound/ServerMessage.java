package dev.hark.application.port.outbound;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;

/** Everything Hark says to a client. The wire encoding lives in the adapter (docs/protocol.md). */
public sealed interface ServerMessage {

    /** The session is ready for audio. Sent once per session, after the session is marked ready. */
    record SessionStarted(SessionId sessionId, ResumeToken resumeToken, Generation generation)
            implements ServerMessage {
    }

    /** A client attached again; {@code audioEndSamples} is how much audio the server has (H15). */
    record SessionResumed(SessionId sessionId, Generation generation, ResumeToken resumeToken,
                          long audioEndSamples, AudioFormat format) implements ServerMessage {
    }

    /**
     * An interim or final transcript; {@code format} turns its sample offsets into seconds.
     * {@code audioReceivedSamples} is the session clock when it was sent, so the client can see
     * how far recognition lags behind the audio.
     */
    record TranscriptUpdate(Transcript transcript, AudioFormat format, long audioReceivedSamples)
            implements ServerMessage {

        /** Samples between the end of this result and the end of the audio received. */
        public long lagSamples() {
            return Math.max(0, audioReceivedSamples - transcript.hypothesis().span().end());
        }
    }

    /**
     * Voice activity, for clients that asked for it ({@code speechEvents}); {@code format}
     * turns its sample offset into seconds.
     */
    record SpeechEventNotice(SpeechEvent event, AudioFormat format) implements ServerMessage {
    }

    /** A typed error; whether the stream goes on is {@code error.endsStream()}. */
    record ErrorNotice(ClientError error) implements ServerMessage {
    }

    /** The last message of a session that ended in order. */
    record SessionClosed(String reason) implements ServerMessage {
    }

    /**
     * The server is draining before it stops (H29): no new sessions; this one is finalized
     * {@code remaining} from now unless the client finishes first. A client may finish
     * ({@code close_stream}) or reconnect elsewhere; old clients ignore the message. The core
     * reads no wall clock: the adapter that writes the message adds the deadline as a timestamp.
     */
    record ServerDraining(java.time.Duration remaining) implements ServerMessage {
    }
}
