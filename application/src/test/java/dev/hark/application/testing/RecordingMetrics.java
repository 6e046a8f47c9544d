package dev.hark.application.testing;

import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.domain.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the service reports, by name, so tests can assert on lifecycle decisions. */
public final class RecordingMetrics implements SessionMetricsPort {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, List<Duration>> durations = new ConcurrentHashMap<>();

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
    public void frameRefused(ErrorCode code) {
        bump("frames.refused." + code.name());
    }

    @Override
    public void finalsExpired(long count) {
        counts.computeIfAbsent("finals.expired", key -> new AtomicLong()).addAndGet(count);
    }

    @Override
    public void chunkerRefused(long samples) {
        counts.computeIfAbsent("audio.chunker_refused_samples", key -> new AtomicLong()).addAndGet(samples);
    }

    @Override
    public void providerReleased() {
        bump("provider.released");
    }

    @Override
    public void internalError() {
        bump("internal_errors");
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
    public void recognizerConnected(Duration connectTime) {
        observe("recognizer.connected", connectTime);
    }

    @Override
    public void replayCompleted(Duration duration) {
        observe("replays.completed", duration);
    }

    @Override
    public void firstFinal(Duration sinceOpen) {
        observe("finals.first", sinceOpen);
    }

    @Override
    public void finalProduced(double lagSeconds) {
        bump("finals.produced");
    }

    /** The durations reported under {@code name} ({@code recognizer.connected}, {@code replays.completed}, {@code finals.first}), in order. */
    public List<Duration> durations(String name) {
        return List.copyOf(durations.getOrDefault(name, List.of()));
    }

    public long count(String name) {
        AtomicLong count = counts.get(name);
        return count == null ? 0 : count.get();
    }

    private void observe(String name, Duration duration) {
        bump(name);
        durations.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>()).add(duration);
    }

    private void bump(String name) {
        counts.computeIfAbsent(name, key -> new AtomicLong()).incrementAndGet();
    }
}
