package dev.hark.application.port.outbound;

import dev.hark.domain.error.ErrorCode;
import java.time.Duration;

/**
 * Counters of lifecycle decisions. Each call is made in the same lane step as the decision it
 * counts, so a counter never disagrees with the state it describes (H4). One decision is one
 * call: the wiring passes each call to the admin port's JSON {@code /metrics} (names in
 * docs/protocol.md) and to {@code /prometheus} (names in docs/operations.md), each counting it once;
 * the JSON name is given below.
 */
public interface SessionMetricsPort {

    /** One attempt to open a recognizer stream ({@code hark.provider.connects}). */
    void providerConnectAttempted();

    /** An event of a replaced attachment, provider stream or timer was ignored ({@code hark.events.stale_ignored}). */
    void staleEventIgnored();

    /** A client was refused or ended with {@code code} ({@code hark.rejections.<code>}). */
    void rejected(ErrorCode code);

    /** A detached session was resumed ({@code hark.sessions.resumed}). */
    void resumed();

    /** A dead recognizer stream is being replaced, with replay ({@code hark.provider.reconnects}). */
    void providerReconnecting();

    /** Unacknowledged audio released at the retention bound ({@code hark.audio.not_replayable_samples}). */
    void audioNotReplayable(long samples);

    /** A keepalive was sent to an idle recognizer stream ({@code hark.provider.keepalives}). */
    void providerKeepAliveSent();

    /** The watchdog found a recognizer stream making no progress ({@code hark.provider.stalls}). */
    void providerStalled();

    /** Reading a client's socket was paused because the recognizer fell behind ({@code hark.backpressure.pauses}). */
    void readsPaused();

    /**
     * A client's audio frame was refused and dropped with {@code code} ({@code AUDIO_BUFFER_FULL},
     * {@code FRAME_TOO_LARGE}, {@code INVALID_AUDIO_FRAME}, {@code STREAM_CLOSING}) ({@code hark.frames.refused.<code>}).
     */
    void frameRefused(ErrorCode code);

    /** A resuming client was told {@code count} finals had expired from the outbox ({@code hark.finals.expired}). */
    void finalsExpired(long count);

    /** The chunker refused audio; the ledger keeps it for a replay ({@code hark.audio.chunker_refused_samples}). */
    void chunkerRefused(long samples);

    /** A detached session's recognizer stream was released (H27) ({@code hark.provider.released}). */
    void providerReleased();

    /**
     * An unexpected exception in the session core (a lane task, a timer body, a completion
     * callback) was caught and logged ({@code hark.internal_errors}); it should stay at 0.
     */
    void internalError();

    /** A new session was admitted ({@code hark.sessions.opened}). */
    void sessionOpened();

    /**
     * A session ended ({@code hark.sessions.ended.<reason>}), exactly once: {@code client_closed},
     * {@code server_draining}, {@code grace_expired}, {@code drained_detached}, or the lowercase
     * error code it failed with (a protocol violation's too).
     */
    void sessionEnded(String reason);

    /** A recognizer stream failed to open or died; retryable ones are replaced with replay ({@code hark.provider.failures.<code>}). */
    void recognizerFailed(ErrorCode code, boolean retryable);

    /** A recognizer stream opened, {@code connectTime} (on the ticker) after it was asked for ({@code hark.provider.connect_time}). */
    void recognizerConnected(Duration connectTime);

    /** A new recognizer stream caught up with the audio replayed into it, {@code duration} (on the ticker) after it opened ({@code hark.provider.replay_time}). */
    void replayCompleted(Duration duration);

    /** A session's first final, {@code sinceOpen} (on the ticker) after the session was opened ({@code hark.sessions.first_final_time}). */
    void firstFinal(Duration sinceOpen);

    /** A final was produced {@code lagSeconds} behind the audio received (its {@code lag}) ({@code hark.finals.lag_ms}). */
    void finalProduced(double lagSeconds);

    /** Does nothing; for tests and tools that do not count. */
    SessionMetricsPort NONE = new SessionMetricsPort() {
        @Override
        public void providerConnectAttempted() {
        }

        @Override
        public void staleEventIgnored() {
        }

        @Override
        public void rejected(ErrorCode code) {
        }

        @Override
        public void resumed() {
        }

        @Override
        public void providerReconnecting() {
        }

        @Override
        public void audioNotReplayable(long samples) {
        }

        @Override
        public void providerKeepAliveSent() {
        }

        @Override
        public void providerStalled() {
        }

        @Override
        public void readsPaused() {
        }

        @Override
        public void frameRefused(ErrorCode code) {
        }

        @Override
        public void sessionOpened() {
        }

        @Override
        public void sessionEnded(String reason) {
        }

        @Override
        public void recognizerFailed(ErrorCode code, boolean retryable) {
        }

        @Override
        public void recognizerConnected(Duration connectTime) {
        }

        @Override
        public void replayCompleted(Duration duration) {
        }

        @Override
        public void firstFinal(Duration sinceOpen) {
        }

        @Override
        public void finalProduced(double lagSeconds) {
        }

        @Override
        public void finalsExpired(long count) {
        }

        @Override
        public void chunkerRefused(long samples) {
        }

        @Override
        public void providerReleased() {
        }

        @Override
        public void internalError() {
        }
    };
}
