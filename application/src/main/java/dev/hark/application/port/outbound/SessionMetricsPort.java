package dev.hark.application.port.outbound;

import dev.hark.domain.error.ErrorCode;
import java.time.Duration;

/**
 * Counters of lifecycle decisions. Each call is made in the same lane step as the decision it
 * counts, so a counter never disagrees with the state it describes (H4).
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

    /** A detached session's grace period ran out ({@code hark.sessions.grace_expired}). */
    void graceExpired();

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

    /** A new session was admitted ({@code hark_sessions_opened_total}). */
    void sessionOpened();

    /**
     * A session ended ({@code hark_sessions_ended_total{reason}}): {@code client_closed},
     * {@code server_draining}, {@code grace_expired}, {@code drained_detached}, or the lowercase
     * error code it failed with.
     */
    void sessionEnded(String reason);

    /** A recognizer stream failed to open or died; retryable ones are replaced with replay. */
    void recognizerFailed(ErrorCode code, boolean retryable);

    /** A recognizer stream opened, {@code connectTime} after it was asked for. */
    void recognizerConnected(Duration connectTime);

    /** A replacement recognizer stream caught up with the audio replayed into it. */
    void replayCompleted(Duration duration);

    /** A session's first final, {@code sinceOpen} after the session was opened. */
    void firstFinal(Duration sinceOpen);

    /** A final was produced {@code lagSeconds} behind the audio received (its {@code lag}). */
    void finalProduced(double lagSeconds);

    /** A resuming client was told {@code count} finals had expired from the outbox. */
    void finalsExpired(long count);

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
        public void graceExpired() {
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
    };
}
