package dev.hark.infrastructure.outbound.metrics;

import dev.hark.application.port.inbound.AuthFailure;
import dev.hark.application.port.inbound.CredentialKind;
import dev.hark.application.port.outbound.AccessMetricsPort;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Authentication outcomes: {@code hark_auth_accepted_total{credential}}, {@code hark_auth_failures_total{reason}}. */
public final class PrometheusAccessMetricsAdapter implements AccessMetricsPort {

    private final Counter accepted;
    private final Counter failures;
    private final Counter granted;

    public PrometheusAccessMetricsAdapter(PrometheusRegistry registry) {
        accepted = PrometheusSessionMetricsAdapter.counter(registry, "hark_auth_accepted",
                "Requests authenticated, by what they presented (none, api_key, access_token).", "credential");
        failures = PrometheusSessionMetricsAdapter.counter(registry, "hark_auth_failures",
                "Requests refused at authentication (HTTP 401/403), by reason.", "reason");
        granted = PrometheusSessionMetricsAdapter.counter(registry, "hark_auth_tokens_granted",
                "Browser tokens minted by POST /v1/auth/grant.");
    }

    @Override
    public void authenticated(CredentialKind kind) {
        accepted.labelValues(PrometheusSessionMetricsAdapter.label(kind)).inc();
    }

    @Override
    public void authFailed(AuthFailure reason) {
        failures.labelValues(reason.name()).inc();
    }

    @Override
    public void tokenGranted() {
        granted.inc();
    }
}
