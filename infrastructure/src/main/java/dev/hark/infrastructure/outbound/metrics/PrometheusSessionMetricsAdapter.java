package dev.hark.infrastructure.outbound.metrics;

import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.domain.error.ErrorCode;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * Session lifecycle metrics for Prometheus, with stable names and labels (docs/operations.md lists
 * them), through the Prometheus Java client: it writes the exposition format, Hark does not. Every
 * call is also passed to {@code alsoTo} (the JSON {@code /metrics} names kept from before), so
 * both views count the same events.
 */
public final class PrometheusSessionMetricsAdapter implements SessionMetricsPort {

    /** Seconds: 5 ms to 30 s, for connect times, replays and first finals. */
    private static final double[] WAIT_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    /** Seconds: how far recognition is behind the audio; the interesting part is under 2 s. */
    private static final double[] LAG_BUCKETS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30};

    private final SessionMetricsPort alsoTo;
    private final Counter opened;
    private final Counter ended;
    private final Counter refusals;
    private final Counter staleEvents;
    private final Counter attachments;
    private final Counter resumes;
    private final Counter takeovers;
    private final Counter connects;
    private final Counter failures;
    private final Counter reconnects;
    private final Counter replays;
    private final Counter keepAlives;
    private final Counter stalls;
    private final Counter released;
    private final Counter pauses;
    private final Counter finalsExpired;
    private final Counter framesRefused;
    private final Counter chunkerRefused;
    private final Counter streamsReleased;
    private final Counter internalErrors;
    private final Histogram connectSeconds;
    private final Histogram firstFinalSeconds;
    private final Histogram lagSeconds;
    private final Histogram replaySeconds;

    public PrometheusSessionMetricsAdapter(PrometheusRegistry registry, SessionMetricsPort alsoTo) {
        this.alsoTo = alsoTo;
        opened = counter(registry, "hark_sessions_opened", "New sessions admitted.");
        ended = counter(registry, "hark_sessions_ended", "Sessions ended, by reason (client_closed, "
                + "server_draining, grace_expired, drained_detached, or the error code).", "reason");
        refusals = counter(registry, "hark_refusals", "Clients refused or streams ended with an error, by code.", "code");
        staleEvents = counter(registry, "hark_stale_events_ignored",
                "Events of a replaced attachment, recognizer stream or timer that were ignored.");
        attachments = counter(registry, "hark_attaches", "Clients attached to a session (new or resumed).");
        resumes = counter(registry, "hark_resumes", "Sessions resumed by a client after a drop.");
        takeovers = counter(registry, "hark_takeovers", "Attachments taken over by a newer client.");
        connects = counter(registry, "hark_recognizer_connects", "Attempts to open a recognizer stream.");
        failures = counter(registry, "hark_recognizer_failures",
                "Recognizer streams that failed to open or died, by code and whether a retry follows.",
                "code", "retryable");
        reconnects = counter(registry, "hark_recognizer_reconnects", "Failed recognizer streams being replaced.");
        replays = counter(registry, "hark_recognizer_replays", "Replacement streams that caught up with a replay.");
        keepAlives = counter(registry, "hark_recognizer_keepalives", "Keepalives sent to idle recognizer streams.");
        stalls = counter(registry, "hark_recognizer_stalls", "Recognizer streams the watchdog found stuck.");
        released = counter(registry, "hark_audio_released_samples",
                "Audio samples released before a final covered them, by policy.", "policy");
        pauses = counter(registry, "hark_backpressure_pauses",
                "Times a session stopped reading its client because the recognizer fell behind.");
        finalsExpired = counter(registry, "hark_finals_expired", "Finals dropped from the resume outbox before "
                + "a resuming client could get them.");
        framesRefused = counter(registry, "hark_frames_refused", "Client audio frames refused and dropped, by code.",
                "code");
        chunkerRefused = counter(registry, "hark_audio_chunker_refused_samples",
                "Audio samples the chunker refused; the ledger keeps them for a replay.");
        streamsReleased = counter(registry, "hark_recognizer_released",
                "Recognizer streams released because their client went away (a resume opens one again).");
        internalErrors = counter(registry, "hark_internal_errors",
                "Unexpected exceptions caught in the session core; should stay at 0.");
        connectSeconds = histogram(registry, "hark_recognizer_connect_seconds",
                "Time to open a recognizer stream.", WAIT_BUCKETS);
        firstFinalSeconds = histogram(registry, "hark_session_first_final_seconds",
                "Time from a session's start to its first final.", WAIT_BUCKETS);
        lagSeconds = histogram(registry, "hark_final_lag_seconds",
                "How far each final was behind the audio received (its lag).", LAG_BUCKETS);
        replaySeconds = histogram(registry, "hark_recognizer_replay_seconds",
                "Time for a replacement stream to catch up with the replayed audio.", WAIT_BUCKETS);
    }

    @Override
    public void providerConnectAttempted() {
        connects.inc();
        alsoTo.providerConnectAttempted();
    }

    @Override
    public void staleEventIgnored() {
        staleEvents.inc();
        alsoTo.staleEventIgnored();
    }

    @Override
    public void rejected(ErrorCode code) {
        refusals.labelValues(code.name()).inc();
        if (code == ErrorCode.SESSION_TAKEN_OVER) {
            takeovers.inc();
        }
        alsoTo.rejected(code);
    }

    @Override
    public void resumed() {
        resumes.inc();
        attachments.inc();
        alsoTo.resumed();
    }

    @Override
    public void providerReconnecting() {
        reconnects.inc();
        alsoTo.providerReconnecting();
    }

    @Override
    public void audioNotReplayable(long samples) {
        released.labelValues("retention_bound").inc(samples);
        alsoTo.audioNotReplayable(samples);
    }

    @Override
    public void providerKeepAliveSent() {
        keepAlives.inc();
        alsoTo.providerKeepAliveSent();
    }

    @Override
    public void providerStalled() {
        stalls.inc();
        alsoTo.providerStalled();
    }

    @Override
    public void readsPaused() {
        pauses.inc();
        alsoTo.readsPaused();
    }

    @Override
    public void sessionOpened() {
        opened.inc();
        attachments.inc();
        alsoTo.sessionOpened();
    }

    @Override
    public void sessionEnded(String reason) {
        ended.labelValues(reason).inc();
        alsoTo.sessionEnded(reason);
    }

    @Override
    public void recognizerFailed(ErrorCode code, boolean retryable) {
        failures.labelValues(code.name(), Boolean.toString(retryable)).inc();
        alsoTo.recognizerFailed(code, retryable);
    }

    @Override
    public void recognizerConnected(Duration connectTime) {
        connectSeconds.observe(seconds(connectTime));
        alsoTo.recognizerConnected(connectTime);
    }

    @Override
    public void replayCompleted(Duration duration) {
        replays.inc();
        replaySeconds.observe(seconds(duration));
        alsoTo.replayCompleted(duration);
    }

    @Override
    public void firstFinal(Duration sinceOpen) {
        firstFinalSeconds.observe(seconds(sinceOpen));
        alsoTo.firstFinal(sinceOpen);
    }

    @Override
    public void finalProduced(double lag) {
        lagSeconds.observe(lag);
        alsoTo.finalProduced(lag);
    }

    @Override
    public void finalsExpired(long count) {
        finalsExpired.inc(count);
        alsoTo.finalsExpired(count);
    }

    @Override
    public void frameRefused(ErrorCode code) {
        framesRefused.labelValues(code.name()).inc();
        alsoTo.frameRefused(code);
    }

    @Override
    public void chunkerRefused(long samples) {
        chunkerRefused.inc(samples);
        alsoTo.chunkerRefused(samples);
    }

    @Override
    public void providerReleased() {
        streamsReleased.inc();
        alsoTo.providerReleased();
    }

    @Override
    public void internalError() {
        internalErrors.inc();
        alsoTo.internalError();
    }

    static Counter counter(PrometheusRegistry registry, String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private static Histogram histogram(PrometheusRegistry registry, String name, String help, double[] buckets) {
        return Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(buckets).register(registry);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
