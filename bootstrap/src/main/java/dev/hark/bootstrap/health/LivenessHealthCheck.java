package dev.hark.bootstrap.health;

import com.codahale.metrics.health.HealthCheck;
import dev.hark.application.port.inbound.HealthQuery;
import java.util.concurrent.TimeUnit;

/**
 * Liveness in Dropwizard's {@code /healthcheck} as well: the lanes and timers run. Readiness is
 * deliberately not here: a liveness probe pointed at {@code /healthcheck} must not restart a
 * process that is merely busy or draining; point load balancers at {@code /health/ready}.
 */
public final class LivenessHealthCheck extends HealthCheck {

    private final HealthQuery health;

    public LivenessHealthCheck(HealthQuery health) {
        this.health = health;
    }

    @Override
    protected Result check() throws Exception {
        HealthQuery.Liveness liveness = health.liveness().toCompletableFuture().get(2, TimeUnit.SECONDS);
        return (liveness.alive() ? Result.builder().healthy() : Result.builder().unhealthy())
                .withDetail("sessions", liveness.sessions()).build();
    }
}
