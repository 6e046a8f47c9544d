package dev.hark.application.testing;

import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.domain.error.ErrorCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the service reports, by name, so tests can assert on lifecycle decisions. */
public final class RecordingMetrics implements SessionMetricsPort {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public void providerConnectAttempted() {
        bump("provider.connects");
    }

    @Override
    public void staleEventIgnored() {
        bump("events.stale_ignored");
    }

    @Override
    public void rejected(ErrorCode code) {
        bump("rejections." + code.name());
    }

    @Override
    public void resumed() {
        bump("sessions.resumed");
    }

    @Override
    public void graceExpired() {
        bump("sessions.grace_expired");
    }

    @Override
    public void providerReconnecting() {
        bump("provider.reconnects");
    }

    @Override
    public void audioNotReplayable(long samples) {
        counts.computeIfAbsent("audio.not_replayable_samples", key -> new AtomicLong()).addAndGet(samples);
    }

    @Override
    public void providerKeepAliveSent() {
        bump("provider.keepalives");
    }

    @Override
    public void providerStalled() {
        bump("provider.stalls");
    }

    @Override
    public void readsPaused() {
        bump("backpressure.pauses");
    }

    @Override
    public void sessionOpened() {
        bump("sessions.opened");
    }

    @Override
    public void sessionEnded(String reason) {
        bump("sessions.ended." + reason);
    }

    @Override
    public void recognizerFailed(ErrorCode code, boolean retryable) {
        bump("recognizer.failures." + code.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void recognizerConnected(java.time.Duration connectTime) {
        bump("recognizer.connected");
    }

    @Override
    public void replayCompleted(java.time.Duration duration) {
        bump("replays.completed");
    }

    @Override
    public void firstFinal(java.time.Duration sinceOpen) {
        bump("finals.first");
    }

    @Override
    public void finalProduced(double lagSeconds) {
        bump("finals.produced");
    }

    @Override
    public void finalsExpired(long count) {
        counts.computeIfAbsent("finals.expired", key -> new AtomicLong()).addAndGet(count);
    }

    public long count(String name) {
        AtomicLong count = counts.get(name);
        return count == null ? 0 : count.get();
    }

    private void bump(String name) {
        counts.computeIfAbsent(name, key -> new AtomicLong()).incrementAndGet();
    }
}
