package dev.hark.infrastructure.outbound.metrics;

import com.codahale.metrics.MetricRegistry;
import dev.hark.application.port.inbound.AuthFailure;
import dev.hark.application.port.inbound.CredentialKind;
import dev.hark.application.port.outbound.AccessMetricsPort;
import java.util.Locale;

/** Authentication counters in the JSON {@code /metrics}: {@code hark.auth.*}. */
public final class DropwizardAccessMetricsAdapter implements AccessMetricsPort {

    private final MetricRegistry registry;

    public DropwizardAccessMetricsAdapter(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void authenticated(CredentialKind kind) {
        registry.counter("hark.auth.accepted." + kind.name().toLowerCase(Locale.ROOT)).inc();
    }

    @Override
    public void authFailed(AuthFailure reason) {
        registry.counter("hark.auth.failures." + reason.name().toLowerCase(Locale.ROOT)).inc();
    }

    @Override
    public void tokenGranted() {
        registry.counter("hark.auth.tokens_granted").inc();
    }
}
