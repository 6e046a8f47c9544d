package dev.hark.application.port.outbound.store;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import java.time.Duration;
import java.util.Objects;

/**
 * What a gateway stores when a client opens a session. The token itself never leaves the
 * process: the store keeps a hash of it.
 *
 * @param maxRetainedAudio audio kept after the watermark for replay; older audio is released
 *                         (the worker learns from where in {@link TakeOverOutcome.TookOver}); zero keeps all
 * @param outboxCapacity   finals kept for a resuming client; older ones are trimmed
 * @param clientSession    the client session this store session carries the audio of (a gateway's
 *                         recognizer stream), or null: with one, {@code create} is refused once another
 *                         gateway adopted that client session, and is recorded as its current store
 *                         session otherwise (H33)
 */
public record NewSession(SessionId id, AudioFormat format, ResumeToken token, NodeId gateway,
                         Duration maxRetainedAudio, int outboxCapacity, SessionId clientSession) {

    /** A store session of no client session. */
    public NewSession(SessionId id, AudioFormat format, ResumeToken token, NodeId gateway,
                      Duration maxRetainedAudio, int outboxCapacity) {
        this(id, format, token, gateway, maxRetainedAudio, outboxCapacity, null);
    }

    public NewSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(maxRetainedAudio, "maxRetainedAudio");
        if (maxRetainedAudio.isNegative()) {
            throw new IllegalArgumentException("maxRetainedAudio must not be negative");
        }
        if (outboxCapacity < 1) {
            throw new IllegalArgumentException("outboxCapacity must be at least 1");
        }
    }
}
