package dev.hark.infrastructure.outbound.metrics;

import com.codahale.metrics.MetricRegistry;
import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.domain.error.ErrorCode;
import java.time.Duration;
import java.util.Locale;

/** Lifecycle counters under the {@code hark.} prefix. */
public final class DropwizardSessionMetricsAdapter implements SessionMetricsPort {

    private final MetricRegistry registry;

    public DropwizardSessionMetricsAdapter(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void providerConnectAttempted() {
        registry.counter("hark.provider.connects").inc();
    }

    @Override
    public void staleEventIgnored() {
        registry.counter("hark.events.stale_ignored").inc();
    }

    @Override
    public void rejected(ErrorCode code) {
        registry.counter("hark.rejections." + code.name().toLowerCase(Locale.ROOT)).inc();
    }

    @Override
    public void resumed() {
        registry.counter("hark.sessions.resumed").inc();
    }

    @Override
    public void providerReconnecting() {
        registry.counter("hark.provider.reconnects").inc();
    }

    @Override
    public void providerKeepAliveSent() {
        registry.counter("hark.provider.keepalives").inc();
    }

    @Override
    public void providerStalled() {
        registry.counter("hark.provider.stalls").inc();
    }

    @Override
    public void readsPaused() {
        registry.counter("hark.backpressure.pauses").inc();
    }

    @Override
    public void frameRefused(ErrorCode code) {
        registry.counter("hark.frames.refused." + code.name().toLowerCase(Locale.ROOT)).inc();
    }

    @Override
    public void finalsExpired(long count) {
        registry.counter("hark.finals.expired").inc(count);
    }

    @Override
    public void chunkerRefused(long samples) {
        registry.counter("hark.audio.chunker_refused_samples").inc(samples);
    }

    @Override
    public void providerReleased() {
        registry.counter("hark.provider.released").inc();
    }

    @Override
    public void internalError() {
        registry.counter("hark.internal_errors").inc();
    }

    @Override
    public void audioNotReplayable(long samples) {
        registry.counter("hark.audio.not_replayable_samples").inc(samples);
    }

    @Override
    public void sessionOpened() {
        registry.counter("hark.sessions.opened").inc();
    }

    @Override
    public void sessionEnded(String reason) {
        registry.counter("hark.sessions.ended." + reason).inc();
    }

    @Override
    public void recognizerFailed(ErrorCode code, boolean retryable) {
        registry.counter("hark.provider.failures." + code.name().toLowerCase(Locale.ROOT)).inc();
    }

    @Override
    public void recognizerConnected(Duration connectTime) {
        registry.timer("hark.provider.connect_time").update(connectTime);
    }

    @Override
    public void replayCompleted(Duration duration) {
        registry.timer("hark.provider.replay_time").update(duration);
    }

    @Override
    public void firstFinal(Duration sinceOpen) {
        registry.timer("hark.sessions.first_final_time").update(sinceOpen);
    }

    @Override
    public void finalProduced(double lagSeconds) {
        registry.histogram("hark.finals.lag_ms").update(Math.round(lagSeconds * 1000));
    }
}
